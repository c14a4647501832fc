import { Context, dependency, Get, HttpResponse } from '@foal/core'

import { foalEndpoints } from '../foal/foal-endpoints'
import { runEndpoint } from '../foal/foal-endpoint'
import { Sessions } from '../tokens/sessions'

/**
 * `GET /.well-known/jwks.json`: the public halves of the signing keys, `{ keys: [...] }`, each
 * with its `kid`, `alg` and `use: "sig"` (`Cache-Control: public, max-age=300`), so that other
 * services verify this one's tokens with `jwksUrl`. Signing with a shared secret: `{ keys: [] }`.
 * Mount it at the root.
 * @example
 * class AppController { subControllers = [controller('/auth', LoginController), controller('', JwksController)] }
 */
export class JwksController {
  @dependency
  sessions!: Sessions

  @Get('/.well-known/jwks.json')
  jwks(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(foalEndpoints(this.sessions).jwks, ctx)
  }
}
