import { Context, dependency, HttpResponse, Post } from '@foal/core'

import { foalEndpoints } from '../foal/foal-endpoints'
import { runEndpoint } from '../foal/foal-endpoint'
import type { Endpoint } from '../http/endpoint'
import { Sessions } from '../tokens/sessions'

/**
 * `POST /tokens`, server-to-server minting (ChatSDK's `POST /tokens`): a backend holding an API
 * key (`jwt-hooks create-api-key <name>`) sends `X-API-Key` and `{ userId, name?, image?, custom?,
 * caps? }` and gets `TOKENS` with `wsToken`, `expiresIn` and `user`. 401 `invalid_api_key`, 429
 * with `Retry-After` past the key's rate (`settings.jwt.mintRateLimit` a minute), 400 for a bad
 * body, 503 on a store fault. Needs the `Sessions` service made with `apiKeys`.
 * @example
 * const sessions = createSessions({ store: new TypeormSessionStore(stores), apiKeys: new TypeormApiKeyStore(stores) })
 * const services = new ServiceManager().set(Sessions, sessions)
 * class AppController { subControllers = [controller('/auth', LoginController), controller('/auth', TokensController)] }
 */
export class TokensController {
  @dependency
  sessions!: Sessions

  private endpoint: Endpoint | undefined

  /** @throws TypeError when the sessions have no API keys to check. */
  boot(): void {
    this.mint()
  }

  @Post('/tokens')
  tokens(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(this.mint(), ctx)
  }

  private mint(): Endpoint {
    this.endpoint ??= foalEndpoints(this.sessions).tokens
    if (this.endpoint === undefined) throw new TypeError('jwt-hooks: TokensController needs the Sessions service made with "apiKeys" (createSessions({ store, apiKeys }))')
    return this.endpoint
  }
}
