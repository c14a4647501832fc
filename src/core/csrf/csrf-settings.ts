import { createHmac, createPrivateKey, hkdfSync, KeyObject } from 'node:crypto'

/** What a CSRF token is signed with: a shared secret, or a private key (its DER bytes are the secret). */
export type CsrfSecret = string | Buffer | KeyObject

/** The options `createCsrfSettings` checks once, at setup. */
export interface CsrfOptions {
  /**
   * The secret CSRF tokens are signed with. The HMAC key is derived from it (HKDF-SHA256, its own
   * `info`), so a CSRF token is never signed with the token key itself. A public key is refused:
   * anyone could sign with it.
   */
  secret: CsrfSecret
  /** The cookie the token is set in and read back from (default `XSRF-TOKEN`, Angular's name). */
  cookieName?: string
  /** Milliseconds since the epoch, for `exp` (default `Date.now`). Tests move it. */
  clock?: () => number
}

/** The default name of the CSRF cookie, which Angular and axios read too. */
export const CSRF_COOKIE_NAME = 'XSRF-TOKEN'

// RFC 6265 §4.1.1: a cookie name is an RFC 7230 token.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const PEM_MARK = '-----BEGIN'
// Domain separation: a key derived for this use only, whatever else the secret signs.
const HKDF_SALT = 'jwt-hooks'
const HKDF_INFO = 'csrf-token/v1'

/**
 * CSRF settings, checked and frozen. The derived key is a private field: it never shows in a log
 * or in `JSON.stringify`.
 */
export class CsrfSettings {
  readonly #key: Buffer

  constructor(
    key: Buffer,
    readonly cookieName: string,
    readonly clock: () => number,
  ) {
    this.#key = key
    Object.freeze(this)
  }

  /** HMAC-SHA256 of `text` with the derived key. */
  mac(text: string): Buffer {
    return createHmac('sha256', this.#key).update(text).digest()
  }
}

/**
 * Checks the CSRF options once and derives the signing key.
 * @param options the secret, and optionally the cookie name and clock.
 * @throws TypeError naming the option: no secret, a public key, an empty one, a bad cookie name.
 * @example
 * const csrf = createCsrfSettings({ secret: process.env.SETTINGS_JWT_SECRET_OR_PUBLIC_KEY! })
 */
export function createCsrfSettings(options: CsrfOptions): CsrfSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: CSRF options must be an object')
  const { cookieName = CSRF_COOKIE_NAME, clock = Date.now } = options
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName)) {
    throw new TypeError('jwt-hooks: "csrf.cookieName" must be a cookie name (letters, digits and !#$%&\'*+-.^_`|~)')
  }
  if (typeof clock !== 'function') throw new TypeError('jwt-hooks: "csrf.clock" must be a function')
  const material = keyMaterial(options.secret)
  const key = Buffer.from(hkdfSync('sha256', material, HKDF_SALT, HKDF_INFO, 32))
  return new CsrfSettings(key, cookieName, clock)
}

function keyMaterial(secret: unknown): Buffer {
  if (secret instanceof KeyObject) {
    if (secret.type === 'secret') return nonEmpty(secret.export())
    if (secret.type === 'private') return secret.export({ format: 'der', type: 'pkcs8' })
    throw publicKeyError()
  }
  if (typeof secret === 'string' || Buffer.isBuffer(secret)) {
    const text = typeof secret === 'string' ? secret : secret.toString('latin1')
    if (!text.includes(PEM_MARK)) return nonEmpty(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret)
    if (!text.includes('PRIVATE KEY')) throw publicKeyError()
    try {
      return createPrivateKey(text).export({ format: 'der', type: 'pkcs8' })
    } catch (error) {
      throw new TypeError(`jwt-hooks: "csrf.secret": not a readable PEM private key (${(error as Error).message})`)
    }
  }
  throw new TypeError('jwt-hooks: "csrf.secret" must be a string, a Buffer or a KeyObject')
}

function nonEmpty(bytes: Buffer): Buffer {
  if (bytes.length === 0) throw new TypeError('jwt-hooks: "csrf.secret" is empty')
  return bytes
}

function publicKeyError(): TypeError {
  return new TypeError('jwt-hooks: "csrf.secret" is a public key, which anyone may hold: give a secret or a private key')
}
