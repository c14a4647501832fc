import { DataSource } from 'typeorm'

import { MemoryChallengeStore, MemorySessionStore, StoreLimitError } from '../../src/stores'
import { TypeormChallengeStore, TypeormSessionStore } from '../../src/stores/typeorm'
import { newHash, newSession } from './support/sessions'

// Never initialized: the constructors check their options before any query.
const dataSource = new DataSource({ type: 'sqlite', database: ':memory:' })

describe('store options: a bad one throws a TypeError naming it, at construction', () => {
  test.each([
    ['maxSessions', () => new MemorySessionStore({ maxSessions: 0 }), 'jwt-hooks: "maxSessions" must be a whole number >= 1'],
    ['revocationPageSize', () => new MemorySessionStore({ revocationPageSize: 1.5 }), 'jwt-hooks: "revocationPageSize" must be a whole number >= 1'],
    ['sweepBatch', () => new TypeormSessionStore(dataSource, { sweepBatch: 0 }), 'jwt-hooks: "sweepBatch" must be a whole number >= 1'],
    ['maxPerKey', () => new MemoryChallengeStore({ maxPerKey: -1 }), 'jwt-hooks: "maxPerKey" must be a whole number >= 1'],
    ['maxTotal', () => new TypeormChallengeStore(dataSource, { maxPerKey: 5, maxTotal: 4 }), 'jwt-hooks: "maxTotal" must be a whole number >= "maxPerKey"'],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(new TypeError(message))
  })

  test('subscribe takes a function', () => {
    expect(() => new MemorySessionStore().subscribe('nope' as never)).toThrow(new TypeError('jwt-hooks: "listener" must be a function'))
  })
})

describe('memory session store bound: maxSessions live or revoked sessions until a sweep', () => {
  test('the session beyond the bound is refused with StoreLimitError (503)', async () => {
    const store = new MemorySessionStore({ maxSessions: 2 })
    await store.create(newSession(), newHash())
    await store.create(newSession(), newHash())
    const error = await store.create(newSession(), newHash()).catch((e: unknown) => e)
    expect({ error, scope: (error as StoreLimitError).scope, message: (error as Error).message }).toStrictEqual({
      error: new StoreLimitError('sessions', 'total', 2),
      scope: 'total',
      message: 'The store holds 2 sessions in total and takes no more.',
    })
  })
})
