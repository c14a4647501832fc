import { newApiKey } from '../../src/login/api-keys/new-api-key'
import { TypeormApiKeyStore } from '../../src/stores/typeorm/typeorm-api-key-store'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post } from '../login/support/request'
import type { Pair } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

let db: TestDatabase
let server: SessionServer
const said: string[] = []
const restore: (() => void)[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  // Everything this process writes, by any route: console and the standard streams.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void said.push(args.map(String).join(' ')))
    restore.push(() => spy.mockRestore())
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream)
    stream.write = ((chunk: unknown, ...rest: unknown[]) => (said.push(String(chunk)), (write as (...a: unknown[]) => boolean)(chunk, ...rest))) as typeof stream.write
    restore.push(() => void (stream.write = write))
  }
  server = await startSessionServer(db.dir, { sessions: { pollInterval: 20 } })
})
afterAll(async () => {
  await server?.close()
  for (const undo of restore) undo()
  await db.drop()
})

test('nothing logs an access token, a refresh token or an API key, on any route, in success, refusal or fault', async () => {
  const secrets: string[] = []
  const url = server.url
  const { key, hash } = newApiKey()
  await new TypeormApiKeyStore(server.stores).create('logs', hash, Date.now())
  secrets.push(key)
  const keep = (pair: Pair) => (secrets.push(pair.accessToken, pair.refreshToken), pair)

  const first = keep((await post(`${url}/auth/login`, { body: ANN })).body as Pair)
  const second = keep((await post(`${url}/auth/refresh`, { body: { refreshToken: first.refreshToken } })).body as Pair)
  await post(`${url}/auth/refresh`, { body: { refreshToken: first.refreshToken } }) // reuse
  await get(`${url}/api/me`, bearer(second.accessToken)) // row 5
  const minted = (await post(`${url}/auth/tokens`, { body: { userId: '1' }, headers: { 'x-api-key': key } })).body as Pair & { wsToken: string }
  keep(minted)
  secrets.push(minted.wsToken)
  await post(`${url}/auth/tokens`, { body: { userId: 1 }, headers: { 'x-api-key': key } })
  const wrongKey = `${key.slice(0, -4)}AAAA`
  secrets.push(wrongKey)
  await post(`${url}/auth/tokens`, { body: { userId: '1' }, headers: { 'x-api-key': wrongKey } })
  await post(`${url}/auth/logout`, { body: { refreshToken: minted.refreshToken } })
  await post(`${url}/auth/logout`, { body: '', headers: bearer(minted.accessToken) })
  const attackerMade = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'
  secrets.push(attackerMade)
  await post(`${url}/auth/logout`, { body: '', headers: bearer(attackerMade) })
  await post(`${url}/auth/refresh`, { body: { refreshToken: attackerMade } })

  // Faults: the store gone for a while, every write answered 503 and said.
  const third = keep((await post(`${url}/auth/login`, { body: ANN })).body as Pair)
  await server.stores.destroy()
  await post(`${url}/auth/login`, { body: ANN })
  await post(`${url}/auth/refresh`, { body: { refreshToken: third.refreshToken } })
  await post(`${url}/auth/logout`, { body: '', headers: bearer(third.accessToken) })
  await post(`${url}/auth/tokens`, { body: { userId: '1' }, headers: { 'x-api-key': key } })
  await until(() => said.some((line) => line.includes('cannot read revocations')))
  await server.stores.initialize()
  await until(() => said.includes('jwt-hooks: sessions: revocations are read from the store again'))

  const text = said.join('\n')
  expect(secrets.filter((secret) => text.includes(secret))).toStrictEqual([])
  // The capture works: the faults were said, in lines that name the operation and the store's error.
  expect(said.filter((line) => line.startsWith('jwt-hooks:')).map((line) => line.replace(/\(.*\)/, '(…)')).sort()).toStrictEqual([
    'jwt-hooks: sessions: cannot read revocations from the store (…); the 2 known stay in force, retrying every 20 ms',
    'jwt-hooks: sessions: revocations are read from the store again',
    'jwt-hooks: the session store failed to create a session (…); answered 503',
  ])
})

/** Waits for the server's own polls to reach a state (every 10 ms, 10 s at most). */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('not reached within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
