import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { freePort } from './free-port'
import { spawnServer, type ServerProcess } from './server-process'
import { redisServerPath } from './system-binaries'

const READY_TIMEOUT_MS = 10_000
const PORT_ATTEMPTS = 5

/** A redis-server of the test's own, on 127.0.0.1, without persistence unless asked. */
export interface RedisServer {
  url: string
  port: number
  /** The running server's process id (a new one after restart()). */
  readonly pid: number
  /** Ends it and removes its folder; safe to call twice. */
  stop(): Promise<void>
  /**
   * Ends it and starts it again on the same port: empty, unless started with `appendOnly`.
   * @param whileDown run once it has ended, before it starts again (calls made while Redis is down).
   */
  restart(whileDown?: () => Promise<void>): Promise<void>
}

/** How to start it. */
export interface RedisServerOptions {
  /**
   * Persist every write to an append-only file in its folder before answering it
   * (`appendonly yes`, `appendfsync always`), so a restart finds the data again.
   */
  appendOnly?: boolean
}

/** The process id of the Redis server answering on `port`, or null (nothing there, or not Redis). */
function redisProcessId(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let text = ''
    const done = (pid: number | null) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(pid)
    }
    const timer = setTimeout(() => done(null), 1000)
    socket.on('connect', () => socket.write('INFO server\r\n'))
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
      const match = /process_id:(\d+)\r\n/.exec(text)
      if (match) done(Number(match[1]))
    })
    socket.on('error', () => done(null))
    socket.on('close', () => done(null))
  })
}

let launches = 0

/** One redis-server on `port`: the running server, or null when the port was taken meanwhile. */
async function launch(dir: string, port: number, { appendOnly = false }: RedisServerOptions): Promise<ServerProcess | null> {
  const persistence = appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  const server = spawnServer({
    command: redisServerPath(),
    args: ['--bind', '127.0.0.1', '--port', String(port), '--save', '', ...persistence, '--dir', dir],
    dir,
    logFile: join(dir, `redis-${++launches}.log`),
    stopSignal: 'SIGTERM',
  })
  let ready: boolean
  try {
    // Ready when the server answering is this one, not a process that took the port first.
    ready = await server.waitUntilReady(async () => (await redisProcessId(port)) === server.pid, READY_TIMEOUT_MS)
  } catch (error) {
    await server.stop()
    throw error
  }
  if (ready) return server
  await server.stop({ keepDir: true })
  if (server.log().includes('Address already in use')) return null
  rmSync(dir, { recursive: true, force: true })
  throw new Error(`redis-server exited at start:\n${server.log()}`)
}

/**
 * Starts a redis-server of the test's own (for tests that stop or restart Redis mid-traffic);
 * call `stop()` in `afterAll`. It also ends with the test process, however that ends.
 * @example
 * const redis = await startRedis()
 * afterAll(() => redis.stop())
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  redisServerPath()
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-redis-'))
  let server: ServerProcess | null = null
  let port = 0
  for (let attempt = 0; attempt < PORT_ATTEMPTS && server === null; attempt++) {
    port = await freePort()
    server = await launch(dir, port, options)
  }
  if (server === null) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`redis-server found no free port in ${PORT_ATTEMPTS} attempts`)
  }
  let current: ServerProcess = server
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return current.pid
    },
    stop: () => current.stop(),
    async restart(whileDown) {
      await current.stop({ keepDir: true })
      await whileDown?.()
      const next = await launch(dir, port, options)
      if (next === null) throw new Error(`redis-server could not restart: port ${port} was taken meanwhile`)
      current = next
    },
  }
}
