import type { Answer } from '../../support/http'
import {
  BAD_ALGORITHM,
  BAD_SIGNATURE,
  MALFORMED,
  NO_COOKIE,
  NO_HEADER,
  NO_SIGNATURE,
  NOT_A_TOKEN,
  NOT_BEARER,
  ok,
} from '../../support/answers'

// What the server must answer, worked out from the input alone (DESIGN.md and RFC 6750, 7515),
// never from the code under test: one answer, exactly. No fuzzed token is signed by the route's
// key, so the header, the signature's presence and the algorithm decide, in jws order, and the
// payload is never read. Only a cookie, which each door decodes its own way, has a few answers.

export type Mode = 'required' | 'optional'

/** The Authorization value as a server reads it: each byte one latin1 character, OWS trimmed (RFC 9110 §5.5). */
export function asServerReads(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1').replace(/^[ \t]+|[ \t]+$/g, '')
}

/** Row 2/4, the token's own row, or no token at all (JWTOptional lets it through). */
export function expectedForHeader(value: string, mode: Mode, kind: string): Answer {
  const seen = asServerReads(value)
  if (seen === '') return mode === 'required' ? NO_HEADER : ok(null)
  // RFC 6750 §2.1, case-insensitive scheme (RFC 7235 §2.1), exactly one token.
  const match = /^bearer +(\S+)$/i.exec(seen)
  if (match === null) return NOT_BEARER
  return expectedForToken(match[1], kind)
}

/** A token nobody signed with the route's key: `jwt malformed` for other than three parts, else its header's row. */
export function expectedForToken(token: string, kind: string): Answer {
  const parts = token.split('.')
  if (parts.length !== 3) return MALFORMED
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) return NOT_A_TOKEN
  return expectedForHeaderText(Buffer.from(parts[0], 'base64').toString('latin1'), parts[2], kind)
}

/**
 * A cookie: each door decodes it its own way (cookie-parser: %XX, quotes, and `j:` JSON, which is
 * no token), so the answer is no cookie, or the exact answer for one of the values a door may read.
 */
export function expectedForCookie(cookieHeader: string, mode: Mode, kind: string): Answer[] {
  const missing = mode === 'required' ? NO_COOKIE : ok(null)
  return [missing, ...cookieValues(cookieHeader).map((value) => (value === '' ? missing : expectedForToken(value, kind)))]
}

// Every value an `auth` cookie of this header may be read as: raw, trimmed, unquoted, decoded.
function cookieValues(header: string): string[] {
  const values = new Set<string>()
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq === -1 || pair.slice(0, eq).trim() !== 'auth') continue
    const raw = pair.slice(eq + 1)
    for (const value of [raw, raw.trim()]) {
      const unquoted = value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
      for (const read of [value, unquoted]) {
        values.add(read)
        try {
          values.add(decodeURIComponent(read))
        } catch {
          // Not %-encoded as a whole: read as it is.
        }
      }
    }
  }
  return [...values]
}

const DEFAULT_ALGORITHMS: Record<string, string[]> = {
  HS256: ['HS256', 'HS384', 'HS512'],
  RS256: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  ES256: ['ES256', 'ES384', 'ES512'],
}

/**
 * A token built from JSON parts and a signature nobody made, for a key of `kind` with the default
 * algorithms: jws order (RFC 7515 §5.2): header, signature present, algorithm allowed, signature.
 */
export function expectedForJsonParts(header: unknown, signature: string, kind: string): Answer {
  return expectedForHeaderText(Buffer.from(JSON.stringify(header), 'utf8').toString('latin1'), signature, kind)
}

// A JOSE header holds no structure 17 levels deep: such a header is not read (README, error table).
const MAX_HEADER_DEPTH = 16

function expectedForHeaderText(text: string, signature: string, kind: string): Answer {
  if (depthOf(text) > MAX_HEADER_DEPTH) return NOT_A_TOKEN
  // The header segment is read as latin1 JSON: any falsy value is no header at all.
  let read: any
  try {
    read = JSON.parse(text)
  } catch {
    return NOT_A_TOKEN
  }
  if (!read) return NOT_A_TOKEN
  if (signature === '') return NO_SIGNATURE
  const alg = typeof read === 'object' && !Array.isArray(read) ? read.alg : undefined
  if (!DEFAULT_ALGORITHMS[kind].includes(alg)) return BAD_ALGORITHM
  return BAD_SIGNATURE
}

/** How deeply JSON text nests arrays and objects (brackets inside strings do not count). */
function depthOf(text: string): number {
  let depth = 0
  let deepest = 0
  const outsideStrings = text.replace(/"(?:[^"\\]|\\.)*"/g, '""')
  for (const c of outsideStrings) {
    if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth)
    else if (c === ']' || c === '}') depth--
  }
  return deepest
}

/** The answers outside `allowed`, for an assertion that names the offending ones. */
export function unexpected(answer: Answer, allowed: Answer[]): Answer | undefined {
  const text = JSON.stringify(answer)
  return allowed.some((a) => JSON.stringify(a) === text) ? undefined : answer
}
