import type { SessionStore } from '../../src/stores'
import { HOUR, T0, newHash, newSession } from './support/sessions'
import { STORES, type Backend } from './support/store-kinds'

const count = (outcomes: string[]) => outcomes.reduce<Record<string, number>>((all, o) => ({ ...all, [o]: (all[o] ?? 0) + 1 }), {})

describe.each(STORES)('SessionStore races and faults: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let store: SessionStore
  beforeEach(async () => {
    backend = await kind.open()
    store = backend.sessions()
  })
  afterEach(() => backend.close())

  test('50 parallel rotations of one token: exactly one rotated, 49 reused, the session revoked, the winner\'s token dead', async () => {
    const session = newSession()
    const hash = newHash()
    await store.create(session, hash)
    const nexts = Array.from({ length: 50 }, () => newHash())
    const results = await Promise.all(nexts.map((nextHash) => store.rotate(hash, { nextHash, accessExpiresAt: T0 + 2 * HOUR }, T0 + HOUR)))
    const winner = results.findIndex((result) => result.outcome === 'rotated')
    const after = await store.rotate(nexts[winner], { nextHash: newHash(), accessExpiresAt: T0 + 3 * HOUR }, T0 + HOUR)
    expect({ outcomes: count(results.map((r) => r.outcome)), after, revokedAt: (await store.get(session.sid))?.revokedAt }).toStrictEqual({
      outcomes: { rotated: 1, reused: 49 },
      after: { outcome: 'invalid' },
      revokedAt: T0 + HOUR,
    })
  })

  test('parallel rotations of different sessions all rotate (no false reuse)', async () => {
    const pairs = await Promise.all(Array.from({ length: 20 }, async () => {
      const session = newSession()
      const hash = newHash()
      await store.create(session, hash)
      return hash
    }))
    const results = await Promise.all(pairs.map((hash) => store.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0 + HOUR)))
    expect(count(results.map((r) => r.outcome))).toStrictEqual({ rotated: 20 })
  })

  test('20 parallel revocations of one session: one true, one revocation for the pollers', async () => {
    const session = newSession()
    await store.create(session, newHash())
    const results = await Promise.all(Array.from({ length: 20 }, () => store.revoke(session.sid, T0)))
    const { revoked } = await store.revocationsSince(undefined, T0)
    expect({ trues: results.filter(Boolean).length, revoked }).toStrictEqual({ trues: 1, revoked: [{ sid: session.sid, until: T0 + HOUR }] })
  })

  test('rotation racing revocation: the session ends revoked, remembered at least until every access token issued in it expires', async () => {
    const ends = []
    for (let i = 0; i < 10; i++) {
      const session = newSession()
      const hash = newHash()
      await store.create(session, hash)
      const accessExpiresAt = T0 + (2 + i) * HOUR
      const [rotation] = await Promise.all([store.rotate(hash, { nextHash: newHash(), accessExpiresAt }, T0), store.revoke(session.sid, T0)])
      const { revoked } = await store.revocationsSince(undefined, T0)
      const until = revoked.find((r) => r.sid === session.sid)?.until
      ends.push(rotation.outcome === 'rotated' ? until === accessExpiresAt : rotation.outcome === 'invalid' && until === T0 + HOUR)
    }
    expect(ends).toStrictEqual(Array(10).fill(true))
  })

  test('a rotation that fails midway (the next hash collides) rejects, spends nothing and adds nothing', async () => {
    const [a, b] = [newSession(), newSession()]
    const [a0, b0, a1] = [newHash(), newHash(), newHash()]
    await store.create(a, a0)
    await store.create(b, b0)
    await expect(store.rotate(a0, { nextHash: b0, accessExpiresAt: T0 + 5 * HOUR }, T0)).rejects.toThrow()
    expect({
      a: await store.get(a.sid),
      retried: await store.rotate(a0, { nextHash: a1, accessExpiresAt: T0 + 2 * HOUR }, T0),
      b: await store.rotate(b0, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0),
    }).toStrictEqual({
      a,
      retried: { outcome: 'rotated', session: { ...a, accessExpiresAt: T0 + 2 * HOUR } },
      b: { outcome: 'rotated', session: { ...b, accessExpiresAt: T0 + 2 * HOUR } },
    })
  })
})
