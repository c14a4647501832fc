import { randomBytes } from 'node:crypto'

import { startDemoProcess, type DemoProcess } from '../../demo/support/demo-process'
import { bearer, get, post, type Reply } from '../../login/support/request'
import { postgresFolder, type PostgresFolder } from '../../postgres/support/postgres-folder'

export const SECRET = 'a-demo-secret-of-at-least-thirty-two-bytes!'
const CREDENTIALS = /created the demo user \(this password is shown only now\)\n {2}email: {4}demo@example\.com\n {2}password: (\S+)\n/

/** N demo processes (`npm start`) on one PostgreSQL database and one Redis, as behind a load balancer. */
export interface DemoInstances {
  urls: string[]
  demos: DemoProcess[]
  /** The demo user's password (printed by whichever instance created the user). */
  password: string
  folder: PostgresFolder
  /** Starts one more instance on the same database and Redis. */
  add(): Promise<string>
  stop(): Promise<void>
}

/**
 * Starts `count` demos in one folder whose ormconfig.json names a new PostgreSQL database, all
 * with `settings.jwt.redisUrl` = `redisUrl` and a key prefix of their own (so test files sharing
 * a Redis never see each other's sessions or counters).
 */
export async function startInstances(count: number, redisUrl: string, env: Record<string, string> = {}): Promise<DemoInstances> {
  const folder = await postgresFolder('url')
  const demos: DemoProcess[] = []
  const fullEnv = {
    SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET,
    SETTINGS_JWT_REDIS_URL: redisUrl,
    SETTINGS_JWT_REDIS_KEY_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
    ...env,
  }
  const start = (): DemoProcess => {
    const demo = startDemoProcess(folder.cwd, fullEnv)
    demos.push(demo)
    return demo
  }
  try {
    const first = start()
    const urls = [await first.url()]
    urls.push(...(await Promise.all(Array.from({ length: count - 1 }, () => start().url()))))
    const password = CREDENTIALS.exec(first.stdout())?.[1]
    if (password === undefined) throw new Error(`the first instance created no demo user:\n${first.stdout()}`)
    return {
      urls,
      demos,
      password,
      folder,
      async add() {
        const url = await start().url()
        urls.push(url)
        return url
      },
      async stop() {
        await Promise.all(demos.map((demo) => demo.stop()))
        await folder.remove()
      },
    }
  } catch (error) {
    await Promise.all(demos.map((demo) => demo.stop()))
    await folder.remove()
    throw error
  }
}

/** The parts of an answer a test judges (headers picked by name). */
export function judged(reply: Reply, headers: string[] = []): Record<string, unknown> {
  const picked = Object.fromEntries(headers.map((name) => [name, reply.headers[name] ?? null]))
  return { status: reply.status, body: reply.body, ...picked }
}

export interface Tokens {
  accessToken: string
  refreshToken: string
}

/** Signs in the demo user on `url` from `localAddress`; fails the test unless it answers 200. */
export async function login(url: string, password: string, localAddress = '127.0.0.1'): Promise<Tokens> {
  const reply = await post(`${url}/auth/login`, { body: { email: 'demo@example.com', password }, localAddress })
  if (reply.status !== 200) throw new Error(`login on ${url} answered ${reply.status} ${JSON.stringify(reply.body)}`)
  return reply.body as Tokens
}

export function me(url: string, accessToken: string): Promise<Reply> {
  return get(`${url}/api/me`, bearer(accessToken))
}

/**
 * Asks `/api/me` on `url` again and again until it refuses the token as revoked, for at most
 * `limitMs` (the contract's bound): resolves with the milliseconds it took from `since`, or
 * undefined if the bound passed with the token still accepted.
 */
export async function refusedWithin(url: string, accessToken: string, since: number, limitMs: number): Promise<number | undefined> {
  for (;;) {
    const reply = await me(url, accessToken)
    const elapsed = performance.now() - since
    if (reply.status === 401 && (reply.body as { description?: string }).description === 'jwt revoked') return elapsed
    if (reply.status !== 200) throw new Error(`/api/me answered ${reply.status} ${JSON.stringify(reply.body)}`)
    if (elapsed >= limitMs) return undefined
  }
}

/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
