import type { DataSource } from 'typeorm'

import type { ChallengeStore } from '../../stores/challenge-store'
import { MemoryChallengeStore } from '../../stores/memory/memory-challenge-store'
import { createReplayGuard } from '../pubky/create-replay-guard'
import type { ReplayGuard } from '../pubky/replay-guard'

/** Where public-key sign-in keeps its state. */
export interface SignInStores {
  /** Pending challenges (HTTP and WebSocket). */
  challenges: ChallengeStore
  /** Pubky AuthTokens already used. */
  replayGuard: ReplayGuard
}

/**
 * The one place that picks the stores of public-key sign-in: with the stores' DataSource
 * (`createStoreDataSource()`), challenges live in its database (`TypeormChallengeStore`), shared by
 * every process on it; without one, in this process's memory. The replay guard is in memory
 * (its entries live 6 minutes); for many instances, pass `configuredStores(...).replayGuard`
 * (Redis with `settings.jwt.redisUrl`, else the database: `TypeormReplayGuard`) as
 * `replayGuard`, as the demo does.
 * @param dataSource an initialized DataSource with `STORE_ENTITIES`, or none.
 * @example
 * const signIn = createKeySignIn({ host: 'example.com', ...createSignInStores(storeDataSource) })
 */
export function createSignInStores(dataSource?: DataSource): SignInStores {
  if (dataSource === undefined) return { challenges: new MemoryChallengeStore(), replayGuard: createReplayGuard() }
  // Required here, not at the top: a memory-only app loads no TypeORM.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TypeormChallengeStore } = require('../../stores/typeorm/typeorm-challenge-store') as typeof import('../../stores/typeorm/typeorm-challenge-store')
  return { challenges: new TypeormChallengeStore(dataSource), replayGuard: createReplayGuard() }
}
