// Decoded in place: a payload up to this many bytes allocates no Buffer of its own.
const SCRATCH_BYTES = 4096
const scratch = Buffer.alloc(SCRATCH_BYTES)

/**
 * The claims set of a token whose signature verified: its payload segment read as jws reads it
 * (base64url, UTF-8, JSON), or undefined when that is no JSON object (RFC 7519 §7.2 step 10: an
 * array, null, a string, a number, a boolean, or no JSON at all).
 */
export function parseClaimsSet(segment: string): Record<string, any> | undefined {
  let value: unknown
  try {
    value = JSON.parse(decode(segment))
  } catch {
    return undefined
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, any>) : undefined
}

// Buffer.from(segment, 'base64').toString('utf8'), the same bytes: base64url characters only, so
// 4 characters are at most 3 bytes, decoded as 'base64url' (see create-signature-check.ts).
function decode(segment: string): string {
  if (segment.length > (SCRATCH_BYTES / 3) * 4) return Buffer.from(segment, 'base64url').toString('utf8')
  const bytes = scratch.write(segment, 0, SCRATCH_BYTES, 'base64url')
  return scratch.toString('utf8', 0, bytes)
}
