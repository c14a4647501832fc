import { once } from 'node:events'
import { connect } from 'node:net'

import Redis from 'ioredis'

import { startRedis, type RedisServer } from '../support/services'

/** How a TCP connection to the port ends: 'connected', or the error code. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}

describe("startRedis(): a Redis of the test's own, restarted mid-traffic", () => {
  let redis: RedisServer
  let client: Redis
  let readyEvents = 0

  beforeAll(async () => {
    redis = await startRedis()
    client = new Redis(redis.url, { retryStrategy: () => 50, connectTimeout: 5000 })
    client.on('ready', () => readyEvents++)
    client.on('error', () => undefined)
  })
  afterAll(async () => {
    if (client.status !== 'end') client.disconnect()
    await redis.stop()
  })

  test('restart() keeps the port, and the same client reconnects to an empty server', async () => {
    const { port, url } = redis
    const firstPid = redis.pid
    expect(await client.set('visits', '41')).toBe('OK')
    expect(await client.incr('visits')).toBe(42)
    const closed = once(client, 'close')
    await redis.restart()
    await closed

    expect({ port: redis.port, url: redis.url, newProcess: redis.pid !== firstPid }).toStrictEqual({
      port,
      url,
      newProcess: true,
    })
    expect(await client.get('visits')).toBeNull()
    expect(await client.ping()).toBe('PONG')
    expect(readyEvents).toBe(2)
  })

  test('stop() ends it: its port refuses connections', async () => {
    expect(await client.quit()).toBe('OK')
    await redis.stop()
    expect(await tryConnect(redis.port)).toBe('ECONNREFUSED')
  })
})
