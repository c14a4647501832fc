import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../../..')

/** A consumer folder where jwt-hooks is installed, built now from src: never a stale dist/. */
export interface BuiltPackage {
  /** Where a consumer's scripts run; `require('jwt-hooks/…')` goes through the exports map. */
  consumerDir: string
  remove(): void
}

/**
 * Builds src with tsconfig.build.json into a package folder of its own (package.json and its
 * exports map, dist/, the repository's node_modules), installed in a consumer folder.
 * Its own folder, so a build here never rewrites dist/ under a test that is reading it.
 */
export function buildPackage(): BuiltPackage {
  const base = mkdtempSync(join(tmpdir(), 'jwt-hooks-built-'))
  const packageDir = join(base, 'jwt-hooks')
  const consumerDir = join(base, 'consumer')
  mkdirSync(packageDir)
  mkdirSync(join(consumerDir, 'node_modules'), { recursive: true })
  copyFileSync(join(ROOT, 'package.json'), join(packageDir, 'package.json'))
  symlinkSync(join(ROOT, 'node_modules'), join(packageDir, 'node_modules'), 'dir')
  symlinkSync(packageDir, join(consumerDir, 'node_modules', 'jwt-hooks'), 'dir')
  compile(join(packageDir, 'dist'))
  return { consumerDir, remove: () => rmSync(base, { recursive: true, force: true }) }
}

// tsc exits 2 when it reports type errors yet wrote every file: those fail `npm run build` and
// ts-jest on their own, and what is asserted here is what the emitted code loads.
const EMITTED_WITH_DIAGNOSTICS = 2

/** Compiles src with tsconfig.build.json into `outDir`, and copies the demo page, as `npm run build` does into dist/. */
export function compile(outDir: string): void {
  const tsc = require.resolve('typescript/bin/tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'pipe' })
  } catch (error) {
    if ((error as { status?: number }).status !== EMITTED_WITH_DIAGNOSTICS) throw error
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts/copy-demo-page.js'), outDir], { stdio: 'pipe' })
}

/** Runs a script in a fresh node process in the consumer folder; answers what it printed. */
export function runNode(built: BuiltPackage, script: string): string {
  return execFileSync(process.execPath, ['-e', script], { cwd: built.consumerDir, encoding: 'utf8' }).trim()
}

/**
 * Starts a server script that prints its URL once listening; answers the URL and how to stop it.
 * The consumer has the repository's packages installed too (NODE_PATH): its framework, say.
 */
export async function startNode(
  built: BuiltPackage,
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', script], {
    cwd: built.consumerDir,
    env: { ...process.env, ...env, NODE_PATH: join(ROOT, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const url = await firstLine(child)
  return {
    url,
    stop: async () => {
      child.kill()
      await exited
    },
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening:\n${err}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const end = out.indexOf('\n')
      if (end !== -1) done(out.slice(0, end).trim())
    })
  })
}
