import type { DataSource } from 'typeorm'

import { createSignInStores } from '../../../src/login/key-sign-in/create-sign-in-stores'
import { createKeySignIn, type KeySignIn } from '../../../src/login/key-sign-in/key-sign-in'
import { TypeormSessionStore } from '../../../src/stores/typeorm/typeorm-session-store'
import { createSessions, type Sessions } from '../../../src/tokens/sessions'
import { createStoreDataSource } from '../../../src/typeorm/data-source'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../../login/support/login-server'

export const JSON_TYPE = 'application/json; charset=utf-8'

/** The one refusal of a well-formed sign-in answer, as every door writes it. */
export const INVALID_CHALLENGE = {
  status: 401,
  body: { code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' },
  contentType: JSON_TYPE,
  cacheControl: undefined,
  wwwAuthenticate: undefined,
}

/** What the doors' authRoutes({ keySignIn }) are given: a SQLite database, its stores, sessions and a KeySignIn on them. */
export interface SignInStack {
  db: TestDatabase
  stores: DataSource
  sessions: Sessions
  signIn: KeySignIn
}

/** A SignInStack for the file it is called in: filled in beforeAll, closed in afterAll. */
export function useSignInStack(): SignInStack {
  const stack = {} as SignInStack
  beforeAll(async () => {
    stack.db = await openTestDatabase()
    useJwtEnv(stack.db.dir)
    stack.stores = createStoreDataSource({ cwd: stack.db.dir })
    await stack.stores.initialize()
    stack.sessions = createSessions({ store: new TypeormSessionStore(stack.stores) })
    await stack.sessions.ready()
    stack.signIn = createKeySignIn({ host: 'example.com', ...createSignInStores(stack.stores), identities: stack.db.dataSource, sweepInterval: false })
  })
  afterAll(async () => {
    stack.sessions?.close()
    stack.signIn?.close()
    await stack.stores?.destroy()
    await stack.db?.drop()
  })
  return stack
}
