import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { createPubkyAuthVerifier } from '../../src/login/pubky/create-pubky-auth-verifier'
import { createReplayGuard } from '../../src/login/pubky/create-replay-guard'

const NOW = 1_900_000_000_000
const NOW_US = BigInt(NOW) * 1000n
const signer = newSigner()

describe('createPubkyAuthVerifier', () => {
  test('replay: a token is accepted once, within and after its window', async () => {
    let now = NOW
    const verifier = createPubkyAuthVerifier({ replayGuard: createReplayGuard({ now: () => now }) })
    const bytes = buildAuthToken(signer, { timestamp: NOW_US })
    expect((await verifier.verify(bytes, now)).ok).toBe(true)
    expect(await verifier.verify(bytes, now)).toStrictEqual({ ok: false, problem: 'replayed', message: 'The AuthToken was already used.' })
    now = NOW + 180_000
    expect(await verifier.verify(bytes, now)).toStrictEqual({ ok: false, problem: 'replayed', message: 'The AuthToken was already used.' })
    now = NOW + 180_001
    expect(await verifier.verify(bytes, now)).toStrictEqual({ ok: false, problem: 'expired', message: 'The AuthToken has a timestamp more than 180 seconds in the past.' })
  })

  test('replay id is pubky-core\'s: another token with the same key and timestamp is a replay too', async () => {
    const verifier = createPubkyAuthVerifier()
    expect((await verifier.verify(buildAuthToken(signer, { timestamp: NOW_US, capabilities: '/a:r' }), NOW)).ok).toBe(true)
    expect(await verifier.verify(buildAuthToken(signer, { timestamp: NOW_US, capabilities: '/b:r' }), NOW)).toMatchObject({ problem: 'replayed' })
    expect((await verifier.verify(buildAuthToken(signer, { timestamp: NOW_US + 1n }), NOW)).ok).toBe(true)
  })

  test('a token refused for another reason is not remembered', async () => {
    const claims: string[] = []
    const verifier = createPubkyAuthVerifier({ replayGuard: { claim: (id) => (claims.push(id), true) } })
    const bytes = buildAuthToken(signer, { timestamp: NOW_US, version: 1 })
    expect((await verifier.verify(bytes, NOW)).ok).toBe(false)
    expect(claims).toStrictEqual([])
  })

  test('20 parallel verifications of one token with an async guard: exactly one accepted', async () => {
    const guard = createReplayGuard()
    const verifier = createPubkyAuthVerifier({ replayGuard: { claim: async (id, at) => guard.claim(id, at) } })
    const bytes = buildAuthToken(signer, { timestamp: BigInt(Date.now()) * 1000n })
    const results = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(bytes, Date.now())))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
  })

  test('a guard that fails makes verify reject (a fault, not a refusal)', async () => {
    const verifier = createPubkyAuthVerifier({ replayGuard: { claim: () => Promise.reject(new Error('store down')) } })
    await expect(verifier.verify(buildAuthToken(signer, { timestamp: NOW_US }), NOW)).rejects.toThrow('store down')
  })

  test('bad options are TypeErrors', () => {
    expect(() => createPubkyAuthVerifier({ replayGuard: {} as never })).toThrow(new TypeError('jwt-hooks: "replayGuard" must have a claim(id, expiresAtMs) method'))
    expect(() => createPubkyAuthVerifier({ windowMs: 10 })).toThrow(new TypeError('jwt-hooks: "windowMs" must be a whole number of milliseconds >= 1000'))
  })
})
