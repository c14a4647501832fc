import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import { join } from 'node:path'

import { createTokenManager, type TokenManager } from '../../src/client'
import { close, listen } from '../support/http'
import { Callbacks } from './support/callbacks'
import { compileClient, type CompiledClient } from './support/compile-client'
import { RefreshServer } from './support/refresh-server'
import { errorFields, expiredTokens } from './support/tokens'

const STOPPED = { name: 'TokenRefreshError', message: 'jwt-hooks: the token manager was stopped', code: 'stopped', status: undefined, retryable: false, cause: undefined }

let server: RefreshServer
let manager: TokenManager | undefined
let release: (() => void) | undefined

beforeEach(async () => {
  server = await new RefreshServer().start()
})
afterEach(async () => {
  manager?.stop()
  manager = undefined
  release?.()
  await server.close()
})

const outcome = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'resolved', (error: unknown) => errorFields(error))

describe('stop(): timers cleared, a refresh under way aborted, later calls rejected', () => {
  test('after stop(), getAccessToken() and fetch() reject with code stopped, and nothing is sent; stop() again does nothing', async () => {
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens: server.signIn() })
    manager.stop()
    manager.stop()
    expect(await outcome(manager.getAccessToken())).toStrictEqual(STOPPED)
    expect(await outcome(manager.fetch(`${server.origin}/api/echo`))).toStrictEqual(STOPPED)
    expect(server.apiRequests).toStrictEqual([])
    expect(server.counts.refresh).toBe(0)
  })

  test('stop() during a refresh: its callers reject with stopped, its request is aborted, no callback is called', async () => {
    release = server.holdRefreshes()
    const arrived = server.nextRefresh()
    const signals: AbortSignal[] = []
    const callbacks = new Callbacks()
    manager = createTokenManager({
      refreshUrl: server.refreshUrl,
      tokens: expiredTokens(server),
      fetch: (input, init) => {
        signals.push(init!.signal!)
        return fetch(input, init)
      },
      ...callbacks.options,
    })
    const waiting = outcome(manager.getAccessToken())
    await arrived
    manager.stop()
    expect(await waiting).toStrictEqual(STOPPED)
    expect(signals.map((signal) => signal.aborted)).toStrictEqual([true])
    expect(callbacks.errors).toStrictEqual([])
    expect(callbacks.refreshed).toStrictEqual([])
  })

  test('stop() during a backoff wait of an hour: its callers reject at once', async () => {
    const tokens = expiredTokens(server)
    await server.close()
    let failed = (): void => {}
    const firstFailure = new Promise<void>((resolve) => (failed = resolve))
    manager = createTokenManager({
      refreshUrl: server.refreshUrl,
      tokens,
      retry: { baseDelayMs: 3600_000, maxDelayMs: 3600_000 },
      fetch: async (input, init) => fetch(input, init).catch((error: unknown) => {
        failed()
        throw error
      }),
    })
    const waiting = outcome(manager.getAccessToken())
    await firstFailure
    manager.stop()
    expect(await waiting).toStrictEqual(STOPPED)
    await server.reopen()
  })
})

describe('the compiled client in a Node process of its own', () => {
  let compiled: CompiledClient
  let closedPort: number
  beforeAll(async () => {
    compiled = await compileClient('commonjs')
    if (compiled.diagnostics.length > 0) throw new Error(compiled.diagnostics.join('\n'))
    const probe = createServer()
    closedPort = Number(new URL(await listen(probe)).port)
    await close(probe)
  }, 60_000)
  afterAll(() => compiled.remove())

  /** Runs a script with `createTokenManager` in scope; answers what it printed once it exited by itself. */
  function run(script: string): Promise<string> {
    const prelude = `const { createTokenManager } = require(${JSON.stringify(join(compiled.outDir, 'index.js'))});`
    // The bound only stops a process that would never end: then the test fails.
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', prelude + script], { timeout: 20_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`the process did not end by itself: ${error.message}\n${stderr}`))
        else resolve(stdout.trim())
      })
    })
  }

  const tokens = (expiresAt: string): string => `{ accessToken: 'a.b.c', refreshToken: 'r', expiresAt: ${expiresAt} }`

  test('the refresh timer alone does not keep the process alive', async () => {
    const script = `
      createTokenManager({ refreshUrl: 'http://127.0.0.1:${closedPort}/auth/refresh', tokens: ${tokens('Date.now() + 3600000')} })
      process.on('exit', () => console.log('exited'))`
    expect(await run(script)).toBe('exited')
  })

  test('a caller waiting through a backoff keeps it alive until the refresh ends', async () => {
    const script = `
      const manager = createTokenManager({
        refreshUrl: 'http://127.0.0.1:${closedPort}/auth/refresh', tokens: ${tokens('Date.now() - 1000')},
        retry: { attempts: 2, baseDelayMs: 200 },
      })
      manager.getAccessToken().catch((error) => console.log(error.code))`
    expect(await run(script)).toBe('refresh_failed')
  })

  test('stop() during an hour-long backoff wait lets the process exit', async () => {
    const script = `
      const manager = createTokenManager({
        refreshUrl: 'http://127.0.0.1:${closedPort}/auth/refresh', tokens: ${tokens('Date.now() - 1000')},
        retry: { baseDelayMs: 3600000, maxDelayMs: 3600000 },
        fetch: (input, init) => fetch(input, init).catch((error) => { setImmediate(() => manager.stop()); throw error }),
      })
      manager.getAccessToken().catch((error) => console.log(error.code))`
    expect(await run(script)).toBe('stopped')
  })

  test('an onTokenRefresh that throws changes nothing: the new token is used, the error is not lost', async () => {
    const tokens = expiredTokens(server)
    const script = `
      process.on('uncaughtException', (error) => console.log('uncaught: ' + error.message))
      const manager = createTokenManager({
        refreshUrl: ${JSON.stringify(server.refreshUrl)}, tokens: ${JSON.stringify(tokens)},
        onTokenRefresh: () => { throw new Error('storage full') },
      })
      manager.getAccessToken().then((token) => console.log(token === ${JSON.stringify(tokens.accessToken)} ? 'old token' : 'new token'))`
    expect((await run(script)).split('\n')).toStrictEqual(['uncaught: storage full', 'new token'])
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  })
})
