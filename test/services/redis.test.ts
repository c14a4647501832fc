import { randomBytes } from 'node:crypto'

import Redis from 'ioredis'

import { sharedRedisUrl } from '../support/services'

describe('shared Redis: answers ioredis on 127.0.0.1', () => {
  const prefix = `services-smoke:${randomBytes(6).toString('hex')}:`
  let url: string
  let client: Redis

  beforeAll(async () => {
    url = await sharedRedisUrl()
    client = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1 })
    await client.connect()
  })
  afterAll(async () => {
    await client.del(`${prefix}greeting`)
    await client.quit()
  })

  test('its URL names a port on 127.0.0.1', () => {
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:[1-9][0-9]*$/)
  })

  test('PING answers PONG', async () => {
    expect(await client.ping()).toBe('PONG')
  })

  test('SET then GET gives the value back', async () => {
    expect(await client.set(`${prefix}greeting`, 'hello, redis')).toBe('OK')
    expect(await client.get(`${prefix}greeting`)).toBe('hello, redis')
  })
})
