import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'

const ROOT = join(__dirname, '..')
const SERVICES = { redis: 'JWT_HOOKS_TEST_REDIS_URL', postgres: 'JWT_HOOKS_TEST_POSTGRES_URL' } as const
/** Where global-teardown.ts finds the folder (jest runs both in the same process). */
export const SERVICES_DIR = Symbol.for('jwt-hooks.test.services-dir')

/**
 * Runs a script of .ci/ with a bound. Its progress goes to stderr as it comes (stdout may carry
 * jest's JSON); its errors come back, for the message of the failure.
 */
function runScript(args: string[], timeoutMs: number): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', args, {
      cwd: ROOT,
      stdio: ['ignore', 2, 'pipe'],
      // The scripts use `node` (free ports): the one running jest, should PATH have none.
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}${delimiter}${dirname(process.execPath)}` },
      timeout: timeoutMs,
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ ok: code === 0, stderr }))
  })
}

/**
 * Before any test file runs: one Redis and one PostgreSQL for the whole run, started with
 * .ci/services.sh on free 127.0.0.1 ports, their URLs exported to the test processes; what the
 * environment already names (CI starts its own) is left alone. On a machine missing chromium,
 * redis-server or postgresql, running as root, .ci/install-system-packages.sh installs them first.
 */
export default async function globalSetup(): Promise<void> {
  const missing = (Object.keys(SERVICES) as (keyof typeof SERVICES)[]).filter((name) => !process.env[SERVICES[name]])
  if (missing.length === 0) return

  const install = await runScript(['.ci/install-system-packages.sh'], 25 * 60_000)
  if (!install.ok) throw new Error(`the test suite needs Debian packages that are not installed:\n${install.stderr}`)

  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-services-'))
  // --owner: should this process die without its teardown, the servers stop with it.
  const start = await runScript(['.ci/services.sh', 'start', dir, '--owner', String(process.pid), ...missing], 120_000)
  if (!start.ok) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`could not start the test servers:\n${start.stderr}`)
  }
  ;(globalThis as Record<symbol, unknown>)[SERVICES_DIR] = dir
  for (const line of readFileSync(join(dir, 'services.env'), 'utf8').split('\n')) {
    const [name, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]
    if (Object.values<string>(SERVICES).includes(name)) process.env[name] = value
  }
}
