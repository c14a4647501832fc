import { randomBytes } from 'node:crypto'

import { StoreLimitError, type ChallengeStore, type PendingChallenge } from '../../src/stores'
import { T0 } from './support/sessions'
import { STORES, type Backend } from './support/store-kinds'

const MINUTE = 60_000
const KEY_A = 'o1gg96ewuojmopcjbz8895478wdtxtzzber7aezq6ror5a91j7dy'
const KEY_B = '8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo'

function challengeFor(publicKeyZ32: string, expiresAt = T0 + 5 * MINUTE): PendingChallenge {
  const id = randomBytes(16).toString('base64url')
  return { id, publicKeyZ32, caps: '/pub/app/:rw', text: `example.com wants you to sign in\nnonce: ${id}`, expiresAt }
}

describe.each(STORES)('ChallengeStore contract: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let store: ChallengeStore
  beforeEach(async () => {
    backend = await kind.open()
    store = backend.challenges({ maxPerKey: 3, maxTotal: 5 })
  })
  afterEach(() => backend.close())

  test('put then take: the challenge once; then gone; unknown ids undefined', async () => {
    const challenge = challengeFor(KEY_A)
    await store.put(challenge, T0)
    expect({ first: await store.take(challenge.id, T0 + MINUTE), second: await store.take(challenge.id, T0 + MINUTE), unknown: await store.take('nope', T0) }).toStrictEqual({
      first: challenge,
      second: undefined,
      unknown: undefined,
    })
  })

  test('expired: not answered at expiresAt, and consumed all the same (an earlier clock finds nothing after)', async () => {
    const challenge = challengeFor(KEY_A)
    await store.put(challenge, T0)
    expect([await store.take(challenge.id, challenge.expiresAt), await store.take(challenge.id, T0)]).toStrictEqual([undefined, undefined])
  })

  test('a put with an id that exists is refused', async () => {
    const challenge = challengeFor(KEY_A)
    await store.put(challenge, T0)
    await expect(store.put({ ...challenge, text: 'another' }, T0)).rejects.toThrow()
    expect(await store.take(challenge.id, T0)).toStrictEqual(challenge)
  })

  test('bounded per key: the fourth live one is refused (429), expired and taken ones do not count', async () => {
    const old = challengeFor(KEY_A, T0 + MINUTE)
    await store.put(old, T0)
    const live = [challengeFor(KEY_A), challengeFor(KEY_A)]
    for (const c of live) await store.put(c, T0)
    const full = await store.put(challengeFor(KEY_A), T0).catch((error: unknown) => error)
    await store.put(challengeFor(KEY_A), T0 + MINUTE) // `old` has expired by then
    await store.take(live[0].id, T0 + MINUTE)
    await store.put(challengeFor(KEY_A), T0 + MINUTE)
    const again = await store.put(challengeFor(KEY_A), T0 + MINUTE).catch((error: unknown) => error)
    await store.put(challengeFor(KEY_B), T0 + MINUTE)
    expect({ full, again, scope: (full as StoreLimitError).scope }).toStrictEqual({
      full: new StoreLimitError('live challenges', 'key', 3),
      again: new StoreLimitError('live challenges', 'key', 3),
      scope: 'key',
    })
    expect((full as Error).message).toBe('The store holds 3 live challenges for this key and takes no more.')
  })

  test('bounded in total: beyond maxTotal live ones the put is refused (503); expired ones make room', async () => {
    const keys = Array.from({ length: 6 }, (_, i) => `key-${i}`)
    for (const key of keys.slice(0, 5)) await store.put(challengeFor(key, T0 + MINUTE), T0)
    const full = await store.put(challengeFor(keys[5]), T0).catch((error: unknown) => error)
    await store.put(challengeFor(keys[5]), T0 + MINUTE)
    expect({ full, scope: (full as StoreLimitError).scope }).toStrictEqual({ full: new StoreLimitError('live challenges', 'total', 5), scope: 'total' })
  })

  test('sweep deletes the expired ones only', async () => {
    const [a, b, c] = [challengeFor(KEY_A, T0 + MINUTE), challengeFor(KEY_B, T0 + MINUTE), challengeFor(KEY_A, T0 + 3 * MINUTE)]
    for (const challenge of [a, b, c]) await store.put(challenge, T0)
    const swept = [await store.sweep(T0 + 2 * MINUTE), await store.sweep(T0 + 2 * MINUTE)]
    // Taken at T0: had sweep left them, they would be answered.
    expect({ swept, a: await store.take(a.id, T0), c: await store.take(c.id, T0) }).toStrictEqual({ swept: [2, 0], a: undefined, c })
  })

  test('20 parallel takes of one challenge: exactly one gets it', async () => {
    const challenge = challengeFor(KEY_A)
    await store.put(challenge, T0)
    const results = await Promise.all(Array.from({ length: 20 }, () => store.take(challenge.id, T0)))
    expect(results.filter((r) => r !== undefined)).toStrictEqual([challenge])
  })

  test('parallel puts for one key never pass the bound', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.put(challengeFor(KEY_A), T0)))
    expect(results.map((r) => r.status).sort()).toStrictEqual([...Array(3).fill('fulfilled'), ...Array(7).fill('rejected')])
  })
})
