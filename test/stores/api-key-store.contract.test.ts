import { createHash, randomBytes } from 'node:crypto'

import { ApiKeyExistsError, type ApiKeyStore } from '../../src/stores'
import { T0 } from './support/sessions'
import { API_KEY_STORES, type Backend } from './support/store-kinds'

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex')
const newKey = () => `jwth_${randomBytes(32).toString('base64url')}`

describe.each(API_KEY_STORES)('ApiKeyStore contract: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let store: ApiKeyStore
  beforeEach(async () => {
    backend = await kind.open()
    store = backend.apiKeys()
  })
  afterEach(() => backend.close())

  test('create, findByHash, list by name, revoke once', async () => {
    const [chat, billing] = [newKey(), newKey()]
    await store.create('chat', hashOf(chat), T0)
    await store.create('billing', hashOf(billing), T0 + 1)
    const found = await store.findByHash(hashOf(chat))
    const revoked = [await store.revoke('chat', T0 + 2), await store.revoke('chat', T0 + 3), await store.revoke('unknown', T0)]
    expect({ found, revoked, list: await store.list(), after: await store.findByHash(hashOf(chat)) }).toStrictEqual({
      found: { name: 'chat', createdAt: T0 },
      revoked: [true, false, false],
      list: [{ name: 'billing', createdAt: T0 + 1 }, { name: 'chat', createdAt: T0, revokedAt: T0 + 2 }],
      after: { name: 'chat', createdAt: T0, revokedAt: T0 + 2 },
    })
  })

  test('findByHash: an unknown hash, or one differing only in case, finds nothing', async () => {
    const key = newKey()
    await store.create('chat', hashOf(key), T0)
    expect([await store.findByHash(hashOf(newKey())), await store.findByHash(hashOf(key).toUpperCase()), await store.findByHash('')]).toStrictEqual([
      undefined,
      undefined,
      undefined,
    ])
  })

  test('a duplicate name is refused with ApiKeyExistsError, and the first key stays', async () => {
    const [first, second] = [newKey(), newKey()]
    await store.create('chat', hashOf(first), T0)
    const error = await store.create('chat', hashOf(second), T0 + 1).catch((e: unknown) => e)
    expect({ error, message: (error as Error).message, list: await store.list(), second: await store.findByHash(hashOf(second)) }).toStrictEqual({
      error: new ApiKeyExistsError('chat'),
      message: 'An API key named "chat" exists already.',
      list: [{ name: 'chat', createdAt: T0 }],
      second: undefined,
    })
    expect(error).toBeInstanceOf(ApiKeyExistsError)
  })

  test('parallel creates of one name: one succeeds, the others are ApiKeyExistsError', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.create('chat', hashOf(newKey()), T0)))
    expect(results.map((r) => (r.status === 'fulfilled' ? 'created' : r.reason instanceof ApiKeyExistsError ? 'exists' : String(r.reason))).sort()).toStrictEqual([
      'created',
      'exists',
      'exists',
      'exists',
      'exists',
    ])
  })
})
