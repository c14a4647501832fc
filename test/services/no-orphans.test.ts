import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
const CHILD = join(__dirname, 'support', 'start-then-end.ts')
const CLEANUP_BOUND_MS = 20_000

// Runs a .ts file in a plain node process (no jest), compiled on the fly by TypeScript.
const LOADER = `
const { readFileSync } = require('node:fs')
const ts = require('typescript')
require.extensions['.ts'] = (module, filename) => module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
}).outputText, filename)
require(process.argv[1])
`

interface Report {
  processes: number[]
  dirs: string[]
}

function isRunning(pid: number): boolean {
  try {
    // A zombie has ended; it only waits for its new parent to reap it.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/** What is left of the report: processes still running, folders still there. */
function leftOver({ processes, dirs }: Report): Report {
  return { processes: processes.filter(isRunning), dirs: dirs.filter((dir) => existsSync(dir)) }
}

async function runChild(end: 'killed' | 'exits'): Promise<{ report: Report; exit: string }> {
  const child = spawn(process.execPath, ['-e', LOADER, CHILD, end], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exit = await new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `code ${code}`)))
  if (!stdout.endsWith('\n')) throw new Error(`the child reported nothing (${exit}):\n${stderr}`)
  return { report: JSON.parse(stdout) as Report, exit }
}

/** Waits (bounded) until nothing of the report is left, and answers what is left then. */
async function leftOverAfterCleanup(report: Report): Promise<Report> {
  const deadline = Date.now() + CLEANUP_BOUND_MS
  while (Date.now() < deadline) {
    const left = leftOver(report)
    if (left.processes.length === 0 && left.dirs.length === 0) return left
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return leftOver(report)
}

describe('no orphans: servers and browsers a test process started end with it, however it ends', () => {
  test.each([
    { end: 'killed', how: 'is killed (SIGKILL)' },
    { end: 'exits', how: 'exits' },
  ] as const)('the test process $how without stopping anything', async ({ end }) => {
    const { report, exit } = await runChild(end)
    expect(exit).toBe(end === 'killed' ? 'SIGKILL' : 'code 0')
    // Redis, PostgreSQL and its workers, Chromium and its helpers, and a guard for each server.
    expect(report.processes.length).toBeGreaterThanOrEqual(8)
    expect(report.dirs).toHaveLength(3)
    expect(await leftOverAfterCleanup(report)).toStrictEqual({ processes: [], dirs: [] })
  })
})
