import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../../..')
const TSC = require.resolve('typescript/bin/tsc')

/** What tsc said, and where it wrote the client. */
export interface CompiledClient {
  /** `file(line,col): error TSxxxx: message` lines; empty when it compiled cleanly. */
  diagnostics: string[]
  outDir: string
  remove(): void
}

/** The client's sources. */
export const CLIENT_SOURCES = join(ROOT, 'src/client')

/**
 * Compiles src/client (or a copy of it in `sourceDir`) as a browser bundle would see it: `lib: ["ES2022",
 * "DOM"]` and no `@types` at all, so Node's globals (Buffer, process) and modules (node:*)
 * do not exist. `module` picks what is emitted: CommonJS for a Node script, ES modules for a page.
 */
export function compileClient(module: 'commonjs' | 'es2020', sourceDir = CLIENT_SOURCES): Promise<CompiledClient> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-client-'))
  const outDir = join(dir, 'out')
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module,
      moduleResolution: 'node',
      lib: ['ES2022', 'DOM'],
      types: [],
      typeRoots: [],
      strict: true,
      skipLibCheck: false,
      declaration: false,
      outDir,
      rootDir: sourceDir,
    },
    files: [join(sourceDir, 'index.ts')],
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
  return new Promise((done) => {
    execFile(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir }, (_, stdout) => {
      const diagnostics = stdout.split('\n').filter((line) => line.includes('error TS'))
      done({ diagnostics, outDir, remove: () => rmSync(dir, { recursive: true, force: true }) })
    })
  })
}
