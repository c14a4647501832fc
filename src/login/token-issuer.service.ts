import { getJwtConfig } from '../config/jwt-config'
import { createTokenSigner, type SignedToken, type TokenSigner } from './create-token-signer'

/** Where the login cookie goes, when `settings.jwt.cookie` is on. */
export interface LoginCookie {
  name: string
  secure: boolean
}

/**
 * Issues login tokens (a Foal service). Reads `settings.jwt.*` and parses the keys once, at boot,
 * so a bad key stops the app at startup instead of failing the first login.
 */
export class TokenIssuer {
  private signer: TokenSigner | undefined
  private cookieSettings: LoginCookie | undefined

  boot(): void {
    const config = getJwtConfig()
    this.signer = createTokenSigner(config)
    this.cookieSettings = config.cookie ? { name: config.cookieName, secure: config.cookieSecure } : undefined
  }

  /** The cookie to set with each token, or undefined when tokens go in the body only. */
  get cookie(): LoginCookie | undefined {
    if (this.signer === undefined) this.boot()
    return this.cookieSettings
  }

  /** Signs a token with `sub` (the user id, as a string) and `email`. */
  issue(user: { id: number | string; email: string }): SignedToken {
    if (this.signer === undefined) this.boot()
    return (this.signer as TokenSigner).sign({ sub: String(user.id), email: user.email }, Date.now())
  }
}
