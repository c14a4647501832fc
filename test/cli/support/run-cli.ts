import { spawn } from 'node:child_process'
import { join } from 'node:path'

/** The built CLI (pretest builds it), run as users run it. */
export const CLI = join(__dirname, '../../../dist/cli/main.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** The environment without any setting: a child decides only from its own directory and `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('SETTINGS_') && name !== 'PORT' && name !== 'HOST') env[name] = value
  }
  return { ...env, ...extra }
}

/**
 * Runs `node dist/cli/main.js …` in `cwd` and collects its output; killed after 20 s so a test
 * never waits forever. Without `input`, standard input is empty (as from /dev/null).
 */
export function runCli(args: string[], { cwd, input, env = {} }: { cwd: string; input?: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // An RSA pair for PS384 takes seconds on a busy machine: the bound is for a hung CLI only.
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(input ?? '')
  })
}
