import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

import * as ts from 'typescript'

const ROOT = resolve(__dirname, '../../..')
const SOURCE = join(ROOT, 'src/stores')

/** src/stores compiled to CommonJS in a folder of its own, for child processes to require. */
export interface CompiledStores {
  /** Where `index.js` and `typeorm/index.js` are. */
  dir: string
  /** What a child process needs to find typeorm, sqlite3 and pg: the repository's node_modules. */
  env: Record<string, string>
  remove(): void
}

/**
 * Transpiles every file of src/stores (no type check: ts-jest does that for the tests) with the
 * repository's compiler options. src/stores imports nothing of ours outside it, so it is whole.
 */
export function compileStores(): CompiledStores {
  const base = mkdtempSync(join(tmpdir(), 'jwt-hooks-stores-js-'))
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile)
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT)
  for (const file of listTs(SOURCE)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { ...options, sourceMap: false, declaration: false }, fileName: file })
    const out = join(base, relative(SOURCE, file)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, outputText)
  }
  return { dir: base, env: { NODE_PATH: join(ROOT, 'node_modules') }, remove: () => rmSync(base, { recursive: true, force: true }) }
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listTs(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : []
  })
}
