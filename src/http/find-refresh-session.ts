import { withTimeout } from '../core/pipeline/with-timeout'
import type { StoredSession } from '../stores/session-store'
import { hashToken } from '../tokens/random-token'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'

/**
 * The session a refresh token (current or spent) belongs to, spending nothing, or `'no lookup'`
 * for a store without `findByRefresh`.
 * @throws StoreUnavailableError when the store fails or is late.
 */
export async function findRefreshSession(sessions: Sessions, refreshToken: string): Promise<StoredSession | undefined | 'no lookup'> {
  const { store, timeout } = sessions.settings
  if (store.findByRefresh === undefined) return 'no lookup'
  try {
    return await withTimeout(store.findByRefresh(hashToken(refreshToken)), timeout)
  } catch (error) {
    throw new StoreUnavailableError('find a session by refresh token', error)
  }
}
