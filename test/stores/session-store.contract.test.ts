import { STORES } from './support/store-kinds'
import type { Backend } from './support/store-kinds'
import { DAY, HOUR, T0, newHash, newSession } from './support/sessions'
import type { SessionStore } from '../../src/stores'

describe.each(STORES)('SessionStore contract: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let store: SessionStore
  beforeEach(async () => {
    backend = await kind.open()
    store = backend.sessions()
  })
  afterEach(() => backend.close())

  test('create then get: the session as given, claims copied, absent fields absent', async () => {
    const claims = { email: 'ann@example.com', custom: { plan: 'pro', seats: [1, 2] } }
    const full = newSession({ caps: '/pub/app/:rw', claims })
    const bare = newSession({ sub: 'user-2' })
    await store.create(full, newHash())
    await store.create(bare, newHash())
    claims.custom.plan = 'changed after create'
    expect({ full: await store.get(full.sid), bare: await store.get(bare.sid), unknown: await store.get('no-such-sid') }).toStrictEqual({
      full: { ...full, claims: { email: 'ann@example.com', custom: { plan: 'pro', seats: [1, 2] } } },
      bare,
      unknown: undefined,
    })
  })

  test('create refuses a sid or a refresh hash that exists already, and bad fields with a TypeError', async () => {
    const session = newSession()
    const hash = newHash()
    await store.create(session, hash)
    await expect(store.create({ ...newSession(), sid: session.sid }, newHash())).rejects.toThrow()
    await expect(store.create(newSession(), hash)).rejects.toThrow()
    await expect(store.create(newSession({ sid: '' }), newHash())).rejects.toStrictEqual(new TypeError('jwt-hooks: session "sid" must be a string of 1 to 64 characters'))
    await expect(store.create(newSession({ expiresAt: 1.5 }), newHash())).rejects.toStrictEqual(
      new TypeError('jwt-hooks: session "expiresAt" must be milliseconds since the epoch, a whole number'),
    )
    expect(await store.get(session.sid)).toStrictEqual(session)
  })

  test('rotate: spends the token, the next one is current, accessExpiresAt only grows, expiresAt never moves', async () => {
    const session = newSession()
    const [h0, h1, h2] = [newHash(), newHash(), newHash()]
    await store.create(session, h0)
    const first = await store.rotate(h0, { nextHash: h1, accessExpiresAt: T0 + 2 * HOUR }, T0 + HOUR)
    // An access token with an earlier exp (a shorter lifetime now) does not lower the mark.
    const second = await store.rotate(h1, { nextHash: h2, accessExpiresAt: T0 + HOUR + 1 }, T0 + HOUR)
    expect({ first, second }).toStrictEqual({
      first: { outcome: 'rotated', session: { ...session, accessExpiresAt: T0 + 2 * HOUR } },
      second: { outcome: 'rotated', session: { ...session, accessExpiresAt: T0 + 2 * HOUR } },
    })
  })

  test('reuse: a spent token revokes the whole session; then the current one is invalid too', async () => {
    const session = newSession()
    const [h0, h1, h2, h3] = [newHash(), newHash(), newHash(), newHash()]
    await store.create(session, h0)
    await store.rotate(h0, { nextHash: h1, accessExpiresAt: T0 + 2 * HOUR }, T0 + HOUR)
    await store.rotate(h1, { nextHash: h2, accessExpiresAt: T0 + 3 * HOUR }, T0 + 2 * HOUR)
    const reuse = await store.rotate(h0, { nextHash: h3, accessExpiresAt: T0 + 4 * HOUR }, T0 + 3 * HOUR)
    const current = await store.rotate(h2, { nextHash: h3, accessExpiresAt: T0 + 4 * HOUR }, T0 + 3 * HOUR)
    const again = await store.rotate(h1, { nextHash: h3, accessExpiresAt: T0 + 4 * HOUR }, T0 + 4 * HOUR)
    expect({ reuse, current, again, after: await store.get(session.sid) }).toStrictEqual({
      reuse: { outcome: 'reused', sid: session.sid },
      current: { outcome: 'invalid' },
      again: { outcome: 'reused', sid: session.sid },
      after: { ...session, accessExpiresAt: T0 + 3 * HOUR, revokedAt: T0 + 3 * HOUR },
    })
  })

  test('invalid: an unknown token; an expired session (spending nothing); a revoked session', async () => {
    const session = newSession()
    const revoked = newSession()
    const [h0, h1, r0] = [newHash(), newHash(), newHash()]
    await store.create(session, h0)
    await store.create(revoked, r0)
    await store.revoke(revoked.sid, T0 + 1)
    const next = { nextHash: h1, accessExpiresAt: T0 + 8 * DAY }
    expect({
      unknown: await store.rotate(newHash(), next, T0),
      atTheEnd: await store.rotate(h0, next, session.expiresAt),
      revoked: await store.rotate(r0, next, T0 + 2),
      // The expired attempt spent nothing: the same token, one millisecond earlier, still rotates.
      before: await store.rotate(h0, next, session.expiresAt - 1),
    }).toStrictEqual({
      unknown: { outcome: 'invalid' },
      atTheEnd: { outcome: 'invalid' },
      revoked: { outcome: 'invalid' },
      before: { outcome: 'rotated', session: { ...session, accessExpiresAt: T0 + 8 * DAY } },
    })
  })

  test('revoke: true once, then false; unknown sid false; revokedAt is the first revocation', async () => {
    const session = newSession()
    await store.create(session, newHash())
    expect({
      first: await store.revoke(session.sid, T0 + 10),
      second: await store.revoke(session.sid, T0 + 20),
      unknown: await store.revoke('no-such-sid', T0),
      after: await store.get(session.sid),
    }).toStrictEqual({ first: true, second: false, unknown: false, after: { ...session, revokedAt: T0 + 10 } })
  })

  test('findByRefresh (every store here has it: cookie mode binds CSRF to its answer): the session of a current or a spent token, revoked or not, spending nothing; unknown: undefined', async () => {
    if (store.findByRefresh === undefined) throw new Error(`${kind.name}: no findByRefresh`)
    const [a, b] = [newSession({ claims: { email: 'ann@example.com' } }), newSession()]
    const [a0, a1, b0] = [newHash(), newHash(), newHash()]
    await store.create(a, a0)
    await store.create(b, b0)
    await store.rotate(a0, { nextHash: a1, accessExpiresAt: T0 + HOUR }, T0)
    await store.revoke(b.sid, T0)
    const rotated = await store.get(a.sid)
    expect({
      spent: await store.findByRefresh(a0),
      current: await store.findByRefresh(a1),
      revoked: await store.findByRefresh(b0),
      unknown: await store.findByRefresh(newHash()),
    }).toStrictEqual({ spent: rotated, current: rotated, revoked: await store.get(b.sid), unknown: undefined })
    // Looking up spent nothing: the current token still rotates.
    expect((await store.rotate(a1, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0 + 1)).outcome).toBe('rotated')
  })

  test('revokeByRefresh: by the current or a spent token answers the sid; unknown, revoked or expired answer undefined', async () => {
    const [a, b, c, d] = [newSession(), newSession(), newSession(), newSession()]
    const [a0, b0, b1, c0, d0] = [newHash(), newHash(), newHash(), newHash(), newHash()]
    for (const [session, hash] of [[a, a0], [b, b0], [c, c0], [d, d0]] as const) await store.create(session, hash)
    await store.rotate(b0, { nextHash: b1, accessExpiresAt: T0 + HOUR }, T0)
    await store.revoke(c.sid, T0)
    expect({
      current: await store.revokeByRefresh(a0, T0 + 1),
      spent: await store.revokeByRefresh(b0, T0 + 1),
      unknown: await store.revokeByRefresh(newHash(), T0 + 1),
      revoked: await store.revokeByRefresh(c0, T0 + 1),
      expired: await store.revokeByRefresh(d0, d.expiresAt),
      sessions: [await store.get(a.sid), await store.get(b.sid), await store.get(c.sid), await store.get(d.sid)],
    }).toStrictEqual({
      current: a.sid,
      spent: b.sid,
      unknown: undefined,
      revoked: undefined,
      expired: undefined,
      // The expired one is revoked all the same: an access token of it could outlive the session.
      sessions: [{ ...a, revokedAt: T0 + 1 }, { ...b, revokedAt: T0 + 1 }, { ...c, revokedAt: T0 }, { ...d, revokedAt: d.expiresAt }],
    })
  })
})
