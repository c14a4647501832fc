import { ApiKey } from './api-key.entity'
import { AuthChallenge } from './auth-challenge.entity'
import { AuthSession } from './auth-session.entity'
import { RefreshToken } from './refresh-token.entity'
import { StoreCounter } from './store-counter.entity'
import { UsedAuthToken } from './used-auth-token.entity'

/** The entities of the TypeORM stores: add them to the DataSource's `entities`. */
export const STORE_ENTITIES = [AuthSession, RefreshToken, StoreCounter, AuthChallenge, ApiKey, UsedAuthToken]
