import type { Revocation, SessionStore } from '../../src/stores'
import { HOUR, T0, newHash, newSession, newSid } from './support/sessions'
import { STORES, type Backend } from './support/store-kinds'

const flush = () => new Promise((resolve) => setImmediate(resolve))

// A sign-out of a session the store lost (a Redis restarted without persistence) still signs
// out: the store records the sid as revoked until the token's exp, like any revocation.
describe.each(STORES)('SessionStore.recordRevocation (a sign-out of a session the store lost): $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let store: SessionStore
  beforeEach(async () => {
    backend = await kind.open()
    store = backend.sessions()
  })
  afterEach(() => backend.close())

  test('an unknown sid: recorded once, read as a revoked session without a subject, polled and heard, swept after until', async () => {
    const sid = newSid()
    const heard: Revocation[] = []
    const stop = store.subscribe!((revocation) => heard.push(revocation))
    const first = await store.recordRevocation!({ sid, until: T0 + HOUR }, T0)
    const again = await store.recordRevocation!({ sid, until: T0 + 2 * HOUR }, T0 + 1)
    const revokedAgain = await store.revoke(sid, T0 + 2)
    await flush()
    stop()
    const record = await store.get(sid)
    const polled = (await store.revocationsSince(undefined, T0 + 3)).revoked
    const keptBefore = await store.sweep(T0 + HOUR - 1)
    const sweptAfter = await store.sweep(T0 + HOUR)
    expect({ first, again, revokedAgain, heard, record, polled, keptBefore, sweptAfter, gone: await store.get(sid), pollAfter: (await store.revocationsSince(undefined, T0 + HOUR)).revoked }).toStrictEqual({
      first: true,
      again: false,
      revokedAgain: false,
      heard: [{ sid, until: T0 + HOUR }],
      record: { sid, sub: '', createdAt: T0, expiresAt: T0, accessExpiresAt: T0 + HOUR, revokedAt: T0 },
      polled: [{ sid, until: T0 + HOUR }],
      keptBefore: 0,
      sweptAfter: 1,
      gone: undefined,
      pollAfter: [],
    })
  })

  test('a sid the store holds: nothing recorded, the live session untouched, nothing heard', async () => {
    const session = newSession()
    await store.create(session, newHash())
    const heard: Revocation[] = []
    const stop = store.subscribe!((revocation) => heard.push(revocation))
    const recorded = await store.recordRevocation!({ sid: session.sid, until: T0 + 5 * HOUR }, T0)
    await flush()
    stop()
    expect({ recorded, heard, session: await store.get(session.sid), polled: (await store.revocationsSince(undefined, T0)).revoked }).toStrictEqual({
      recorded: false,
      heard: [],
      session,
      polled: [],
    })
  })

  test('ten parallel records of one unknown sid: exactly one is true, one revocation polled', async () => {
    const sid = newSid()
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.recordRevocation!({ sid, until: T0 + HOUR }, T0)))
    expect({ recorded: answers.filter(Boolean).length, polled: (await store.revocationsSince(undefined, T0)).revoked }).toStrictEqual({ recorded: 1, polled: [{ sid, until: T0 + HOUR }] })
  })

  test('bad arguments are a programmer error', async () => {
    await expect(store.recordRevocation!({ sid: '', until: T0 }, T0)).rejects.toStrictEqual(new TypeError('jwt-hooks: "sid" must be a string of 1 to 64 characters'))
    await expect(store.recordRevocation!({ sid: newSid(), until: 1.5 }, T0)).rejects.toStrictEqual(new TypeError('jwt-hooks: "until" must be milliseconds since the epoch, a whole number'))
    await expect(store.recordRevocation!({ sid: newSid(), until: T0 }, Number.NaN)).rejects.toStrictEqual(new TypeError('jwt-hooks: "now" must be milliseconds since the epoch, a whole number'))
  })
})
