import { decode } from 'jsonwebtoken'

import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { send } from '../support/http'
import { SECRET, KEY_KINDS, tokenFor } from '../support/keys'
import { FAULT, TIMED_OUT, ok, REVOKED } from '../support/answers'

// A user loader or blackList store that fails: the request fails closed (500 when it throws,
// 503 when it does not answer within `timeout`), with an empty body, a log line with no stack
// and no token, and the next request after the fault is served as usual.

// Short: a healthy callback here settles in microtasks, before any timer can fire.
const TIMEOUT_MS = 20
const token = tokenFor(KEY_KINDS[0], { sub: '7', jti: 'fault' })
const USER = { id: 7, name: 'Seven' }

type Fault =
  | 'none'
  | 'answers at once'
  | 'answers through a thenable'
  | 'throws'
  | 'rejects with a string'
  | 'throws synchronously'
  | 'hangs'
  | 'hangs as a thenable'
  | 'thenable that throws'
  | 'answers too late'
  | 'rejects too late'
let fault: Fault = 'none'
/** Late answers still on their way, so a test can wait for them instead of sleeping. */
const late: Promise<unknown>[] = []

/** What a callback does under the current fault, `value` being its healthy answer. */
function behave<T>(value: T): T | Promise<T> {
  switch (fault) {
    case 'none':
      return Promise.resolve(value)
    // Not faults: a synchronous store, and one whose promises are not native (Bluebird, knex).
    case 'answers at once':
      return value
    case 'answers through a thenable':
      return { then: (resolve: (v: T) => void) => resolve(value) } as unknown as Promise<T>
    case 'hangs as a thenable':
      return { then: () => undefined } as unknown as Promise<T>
    case 'thenable that throws':
      return {
        then: () => {
          throw new Error('pool exhausted')
        },
      } as unknown as Promise<T>
    case 'throws':
      return Promise.reject(new Error('connection refused'))
    case 'rejects with a string':
      return Promise.reject('ECONNRESET')
    case 'throws synchronously':
      throw new TypeError('store is closed')
    case 'hangs':
      return new Promise<T>(() => undefined)
    case 'answers too late':
      return tracked(new Promise<T>((resolve) => setTimeout(() => resolve(value), TIMEOUT_MS * 3)))
    case 'rejects too late':
      return tracked(new Promise<T>((_, reject) => setTimeout(() => reject(new Error('late failure')), TIMEOUT_MS * 3)))
  }
}

// Waits on a timer set just after the late settle, not on the promise: a handler here would
// hide an unhandled rejection the pipeline must not cause.
function tracked<T>(promise: Promise<T>): Promise<T> {
  late.push(new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3 + 5)))
  return promise
}

const ROUTES: RouteSpec[] = [
  { path: '/user', mode: 'required', options: { secretOrPublicKey: SECRET, timeout: TIMEOUT_MS, user: () => behave(USER) } },
  { path: '/blacklist', mode: 'required', options: { secretOrPublicKey: SECRET, timeout: TIMEOUT_MS, blackList: (t: string) => behave(t !== token) } },
  { path: '/revoking', mode: 'required', options: { secretOrPublicKey: SECRET, timeout: TIMEOUT_MS, blackList: () => behave(true) } },
]
const HEALTHY = { '/user': ok(USER), '/blacklist': ok(decode(token)), '/revoking': REVOKED }

// 'healthy': the same answer as with a promise, and nothing logged.
const FAULTS: { fault: Fault; expected: typeof FAULT | 'healthy' }[] = [
  { fault: 'answers at once', expected: 'healthy' },
  { fault: 'answers through a thenable', expected: 'healthy' },
  { fault: 'hangs as a thenable', expected: TIMED_OUT },
  { fault: 'thenable that throws', expected: FAULT },
  { fault: 'throws', expected: FAULT },
  { fault: 'rejects with a string', expected: FAULT },
  { fault: 'throws synchronously', expected: FAULT },
  { fault: 'hangs', expected: TIMED_OUT },
  { fault: 'answers too late', expected: TIMED_OUT },
  { fault: 'rejects too late', expected: TIMED_OUT },
]

describe.each(DOORS)('faults in the user loader and the blackList, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())
  afterEach(() => {
    fault = 'none'
    jest.restoreAllMocks()
  })

  const rows = FAULTS.flatMap((f) =>
    (['/user', '/blacklist', '/revoking'] as const).map((path) => ({ ...f, path, answer: f.expected === 'healthy' ? 'served' : f.expected.status })),
  )
  test.each(rows)('$path $fault: $answer, then served again', async ({ fault: injected, expected, path }) => {
    const healthy = expected === 'healthy'
    const logged: string[] = []
    for (const method of ['error', 'warn', 'log', 'info'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
    }
    const ask = () => send(server.url + path, { authorization: `Bearer ${token}` })
    const before = await ask()
    fault = injected
    const during = await ask()
    fault = 'none'
    // A late answer or failure lands after its request was refused: it must change nothing.
    await Promise.all(late.splice(0))
    const after = await ask()
    expect({
      before,
      during,
      after,
      stackOrTokenLogged: logged.filter((line) => /\n\s+at /.test(line) || line.includes(token)),
      faultLogged: logged.length > 0,
    }).toStrictEqual({
      before: HEALTHY[path],
      during: healthy ? HEALTHY[path] : expected,
      after: HEALTHY[path],
      stackOrTokenLogged: [],
      faultLogged: !healthy,
    })
  })
})
