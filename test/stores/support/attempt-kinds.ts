import { MemoryAttemptStore, type MemoryAttemptStoreOptions } from '../../../src/stores/memory/memory-attempt-store'
import type { AttemptStore } from '../../../src/stores/attempt-store'
import { sharedRedisUrl } from '../../support/services'
import { openRedisBackend } from './redis-backend'

/** One attempt store implementation, opened fresh (empty) for a test. */
export interface AttemptKind {
  name: string
  open(): Promise<{ attempts(options?: MemoryAttemptStoreOptions): AttemptStore; close(): Promise<void> }>
}

/** The stores the AttemptStore contract runs on. */
export const ATTEMPT_STORES: AttemptKind[] = [
  { name: 'memory', open: async () => ({ attempts: (options) => new MemoryAttemptStore(options), close: async () => undefined }) },
  { name: 'redis', open: async () => openRedisBackend(await sharedRedisUrl()) },
]
