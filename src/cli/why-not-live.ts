import { decode } from 'jsonwebtoken'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { KEY_HINT, KEY_NAME, type JwtConfig } from '../config/jwt-config'
import { isFailure } from '../core/types'

/** Why revoking a token would change nothing, or that it could not be checked. */
export interface NotLive {
  reason: string
  /** false when no key is configured to check the token against. */
  checked: boolean
}

/**
 * Why servers using the configured key refuse this token already (revoking it changes nothing),
 * or undefined when they accept it. Checked by the pipeline the servers run, without verify
 * options: the signature, `exp` and the token's form. A token not valid yet (`nbf`) will be
 * accepted later, so it counts as live. The reason never quotes the token.
 * @throws ConfigError or TypeError when the configured key cannot be read.
 */
export async function whyNotLive(token: string, config: JwtConfig): Promise<NotLive | undefined> {
  if (config.secretOrPublicKey === undefined) return { reason: `no key is configured to check the token against (set ${KEY_HINT})`, checked: false }
  const authenticate = createConfiguredAuthenticator({ cache: false })
  const outcome = await authenticate({ header: () => `Bearer ${token}`, cookie: () => undefined })
  if (!isFailure(outcome) || outcome.body?.description === 'jwt not active') return undefined
  const description = outcome.body?.description
  const key = `the configured key ("${KEY_NAME}" from ${config.secretOrPublicKeySource})`
  if (description === 'invalid signature') return { reason: `the token is not signed by ${key}`, checked: true }
  if (description === 'jwt expired') return { reason: `the token expired${expiry(token)}`, checked: true }
  return { reason: `${key} does not accept the token (${description ?? `status ${outcome.status}`})`, checked: true }
}

function expiry(token: string): string {
  const exp = decode(token, { json: true })?.exp
  return typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : ''
}
