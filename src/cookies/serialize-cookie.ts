/** One cookie to set, attributes decided: what every door writes, one way. */
export interface CookieSpec {
  name: string
  /** The token, base64url (a JWT's dots allowed), or '' to remove the cookie. */
  value: string
  path: string
  domain: string | undefined
  /** When the browser drops it; undefined: a session cookie (dropped when the browser closes). */
  expires: Date | undefined
  httpOnly: boolean
  secure: boolean
  sameSite: 'Strict' | 'Lax' | 'None'
}

// Base64url and the dots of a JWT: nothing a cookie value must not hold (RFC 6265 §4.1.1), so
// nothing to encode and nothing to inject (`;`, `,`, spaces, quotes, control bytes).
const VALUE = /^[A-Za-z0-9._-]*$/
// What browsers keep of one cookie, name and value together (RFC 6265 §6.1).
const MAX_COOKIE_BYTES = 4096

/**
 * `Set-Cookie` header value of one cookie, with the attributes in the order Express's serializer
 * writes them (so FoalTS's `setCookie` and this give the same header).
 * @param spec the cookie; its name and path were checked at setup.
 * @throws TypeError when the value is not base64url (a caller's bug, never a request's), or the
 *   cookie is larger than browsers keep (they would drop it without a word).
 */
export function serializeCookie(spec: CookieSpec): string {
  if (typeof spec.value !== 'string' || !VALUE.test(spec.value)) {
    throw new TypeError(`jwt-hooks: the value of the cookie "${spec.name}" must be base64url (a token), not anything else`)
  }
  if (spec.name.length + spec.value.length > MAX_COOKIE_BYTES) {
    throw new TypeError(`jwt-hooks: the cookie "${spec.name}" would be over ${MAX_COOKIE_BYTES} bytes, which browsers drop: put fewer claims in the token`)
  }
  let header = `${spec.name}=${spec.value}`
  if (spec.domain !== undefined) header += `; Domain=${spec.domain}`
  header += `; Path=${spec.path}`
  if (spec.expires !== undefined) header += `; Expires=${spec.expires.toUTCString()}`
  if (spec.httpOnly) header += '; HttpOnly'
  if (spec.secure) header += '; Secure'
  return `${header}; SameSite=${spec.sameSite}`
}
