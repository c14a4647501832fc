import { Context, dependency, HttpResponse, Post } from '@foal/core'

import { foalEndpoints } from '../foal/foal-endpoints'
import { runEndpoint } from '../foal/foal-endpoint'
import { createChallengeEndpoints, type ChallengeEndpoints } from '../http/create-challenge-endpoints'
import { Sessions } from '../tokens/sessions'
import { KeySignIn } from './key-sign-in/key-sign-in'

const built = new WeakMap<KeySignIn, WeakMap<Sessions, ChallengeEndpoints>>()

/**
 * Public-key sign-in for FoalTS (mount it under `/auth`, beside `LoginController`):
 * `POST /challenge` `{ publicKey, caps? }` → `{ challenge, expiresAt }`; `POST /challenge/verify`
 * `{ publicKey, challenge, signature }` → `TOKENS` of a new session whose `sub` is the key's
 * z-base-32 and whose `caps` are the challenge's; `POST /pubky` (a Pubky AuthToken's bytes,
 * `application/octet-stream`) → `TOKENS` with the token's key and capabilities. A refused answer
 * is 401 `invalid_challenge`; bad input 400; a store fault 503. With `settings.jwt.cookie` on, a
 * sign-in answers and sets cookies as `LoginController`'s login does (no `refreshToken` in the body). Needs the `Sessions` service and
 * the `KeySignIn` service (`createKeySignIn({ host, ...createSignInStores(storeDataSource) })`).
 * @example
 * const services = new ServiceManager().set(Sessions, sessions).set(KeySignIn, createKeySignIn({ host: 'example.com' }))
 * class AppController { subControllers = [controller('/auth', LoginController), controller('/auth', KeySignInController)] }
 */
export class KeySignInController {
  @dependency
  sessions!: Sessions

  @dependency
  signIn!: KeySignIn

  /** @throws TypeError when the KeySignIn service's options are unusable (no host, a bad store). */
  boot(): void {
    this.endpoints()
  }

  @Post('/challenge')
  challenge(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(this.endpoints().challenge, ctx)
  }

  @Post('/challenge/verify')
  verify(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(this.endpoints().verify, ctx)
  }

  @Post('/pubky')
  pubky(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(this.endpoints().pubky, ctx)
  }

  private endpoints(): ChallengeEndpoints {
    let bySessions = built.get(this.signIn)
    if (bySessions === undefined) built.set(this.signIn, (bySessions = new WeakMap()))
    let endpoints = bySessions.get(this.sessions)
    if (endpoints === undefined) {
      const { onFault, cookies } = foalEndpoints(this.sessions)
      // Cookie mode exactly as the login, refresh and logout of the same sessions have it.
      endpoints = createChallengeEndpoints(this.sessions, this.signIn, onFault, { cookies: cookies ?? false })
      bySessions.set(this.sessions, endpoints)
    }
    return endpoints
  }
}
