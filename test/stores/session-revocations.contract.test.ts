import type { Revocation, SessionStore } from '../../src/stores'
import { HOUR, T0, newHash, newSession } from './support/sessions'
import { STORES, type Backend } from './support/store-kinds'

const flush = () => new Promise((resolve) => setImmediate(resolve))

describe.each(STORES)('SessionStore revocations, sweep and subscribe: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let store: SessionStore
  beforeEach(async () => {
    backend = await kind.open()
    store = backend.sessions({ revocationPageSize: 2, sweepBatch: 2 })
  })
  afterEach(() => backend.close())

  async function signIn(accessExpiresAt = T0 + HOUR, expiresAt = T0 + 7 * 24 * HOUR) {
    const session = newSession({ accessExpiresAt, expiresAt })
    const hash = newHash()
    await store.create(session, hash)
    return { ...session, hash }
  }

  test('revocationsSince: from the start, then only what is new; until is the latest access exp; past ones skipped yet passed', async () => {
    const [old, rotated, live] = [await signIn(T0 + HOUR), await signIn(T0 + HOUR), await signIn(T0 + 4 * HOUR)]
    await store.rotate(rotated.hash, { nextHash: newHash(), accessExpiresAt: T0 + 3 * HOUR }, T0 + HOUR)
    await store.revoke(old.sid, T0 + HOUR)
    await store.revoke(rotated.sid, T0 + HOUR)
    const now = T0 + 2 * HOUR
    const first = await store.revocationsSince(undefined, now)
    const idle = await store.revocationsSince(first.cursor, now)
    await store.revoke(live.sid, now)
    const next = await store.revocationsSince(idle.cursor, now)
    expect({ first, idle, next, live: (await store.get(live.sid))?.revokedAt }).toStrictEqual({
      first: { revoked: [{ sid: rotated.sid, until: T0 + 3 * HOUR }], cursor: expect.any(String), more: true },
      idle: { revoked: [], cursor: first.cursor, more: false },
      next: { revoked: [{ sid: live.sid, until: T0 + 4 * HOUR }], cursor: expect.any(String), more: false },
      live: now,
    })
    expect(next.cursor).not.toBe(first.cursor)
  })

  test('revocationsSince pages: a full page says more, and the pages together hold each revocation once', async () => {
    const sessions = [await signIn(), await signIn(), await signIn(), await signIn(), await signIn()]
    for (const { sid } of sessions) await store.revoke(sid, T0)
    const pages = []
    let cursor: string | undefined
    do {
      const page = await store.revocationsSince(cursor, T0)
      pages.push(page.revoked.map(({ sid }) => sid))
      cursor = page.cursor
      if (!page.more) break
    } while (pages.length < 10)
    expect(pages).toStrictEqual([sessions.slice(0, 2), sessions.slice(2, 4), sessions.slice(4)].map((part) => part.map(({ sid }) => sid)))
  })

  test('revocationsSince refuses a cursor it never gave', async () => {
    await expect(store.revocationsSince('not a cursor', T0)).rejects.toStrictEqual(new TypeError('jwt-hooks: "cursor" must be a cursor this store returned'))
  })

  test('sweep: deletes what is over and past its last access token, with its refresh tokens; keeps what still matters', async () => {
    const live = await signIn()
    const expired = await signIn(T0 + HOUR, T0 + HOUR)
    const outlived = await signIn(T0 + 3 * HOUR, T0 + HOUR) // an access token outliving its session
    const revokedOld = await signIn(T0 + HOUR)
    const revokedFresh = await signIn(T0 + 3 * HOUR)
    await store.revoke(revokedOld.sid, T0)
    await store.revoke(revokedFresh.sid, T0)
    const now = T0 + 2 * HOUR
    const swept = [await store.sweep(now), await store.sweep(now), await store.sweep(now)]
    const gone = await Promise.all([expired, revokedOld].map(async ({ sid, hash }) => [await store.get(sid), await store.revokeByRefresh(hash, now)]))
    const kept = await Promise.all([live, outlived, revokedFresh].map(async ({ sid }) => (await store.get(sid))?.sid))
    expect({ total: swept.reduce((a, b) => a + b), gone, kept, revocations: (await store.revocationsSince(undefined, now)).revoked }).toStrictEqual({
      total: 2,
      gone: [[undefined, undefined], [undefined, undefined]],
      kept: [live.sid, outlived.sid, revokedFresh.sid],
      revocations: [{ sid: revokedFresh.sid, until: T0 + 3 * HOUR }],
    })
  })

  test('sweep is bounded: a batch per call', async () => {
    for (let i = 0; i < 5; i++) await signIn(T0 + HOUR, T0 + HOUR)
    const now = T0 + HOUR
    expect([await store.sweep(now), await store.sweep(now), await store.sweep(now), await store.sweep(now)]).toStrictEqual([2, 2, 1, 0])
  })

  test('subscribe: each revocation once (revoke, reuse, logout by refresh token), none after unsubscribing', async () => {
    const [a, b, c, d] = [await signIn(), await signIn(), await signIn(), await signIn()]
    const heard: Revocation[] = []
    const stop = store.subscribe!((revocation) => heard.push(revocation))
    await store.revoke(a.sid, T0)
    await store.revoke(a.sid, T0)
    await store.rotate(b.hash, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0)
    await store.rotate(b.hash, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0)
    await store.revokeByRefresh(c.hash, T0)
    await flush()
    stop()
    await store.revoke(d.sid, T0)
    await flush()
    expect(heard).toStrictEqual([
      { sid: a.sid, until: T0 + HOUR },
      { sid: b.sid, until: T0 + 2 * HOUR },
      { sid: c.sid, until: T0 + HOUR },
    ])
  })
})
