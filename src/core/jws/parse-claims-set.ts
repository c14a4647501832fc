/**
 * The claims set of a token whose signature verified: its payload segment read as jws reads it
 * (base64url, UTF-8, JSON), or undefined when that is no JSON object (RFC 7519 §7.2 step 10: an
 * array, null, a string, a number, a boolean, or no JSON at all).
 */
export function parseClaimsSet(segment: string): Record<string, any> | undefined {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(segment, 'base64').toString('utf8'))
  } catch {
    return undefined
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, any>) : undefined
}
