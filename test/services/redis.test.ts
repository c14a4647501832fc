import { randomBytes } from 'node:crypto'

import Redis from 'ioredis'

import { sharedRedisUrl } from '../support/services'

describe('shared Redis: answers ioredis', () => {
  const prefix = `services-smoke:${randomBytes(6).toString('hex')}:`
  let client: Redis

  beforeAll(async () => {
    client = new Redis(await sharedRedisUrl(), { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1 })
    await client.connect()
  })
  afterAll(async () => {
    await client.del(`${prefix}greeting`)
    await client.quit()
  })

  test('PING answers PONG', async () => {
    expect(await client.ping()).toBe('PONG')
  })

  test('SET then GET gives the value back', async () => {
    expect(await client.set(`${prefix}greeting`, 'hello, redis')).toBe('OK')
    expect(await client.get(`${prefix}greeting`)).toBe('hello, redis')
  })
})
