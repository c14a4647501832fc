import type { Answer } from '../../support/http'
import {
  BAD_ALGORITHM,
  BAD_SIGNATURE,
  HOSTILE_TOKEN_ANSWERS,
  MALFORMED,
  NO_COOKIE,
  NO_HEADER,
  NO_SIGNATURE,
  NOT_A_TOKEN,
  NOT_BEARER,
  ok,
} from '../../support/answers'

// What the server must answer, worked out from the input alone (DESIGN.md and RFC 6750, 7515),
// never from the code under test. Where the exact row depends on what random bytes happen to
// decode to, the oracle gives the set of table answers allowed.

export type Mode = 'required' | 'optional'

/** The Authorization value as a server reads it: each byte one latin1 character, OWS trimmed (RFC 9110 §5.5). */
export function asServerReads(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1').replace(/^[ \t]+|[ \t]+$/g, '')
}

/** Row 2/4, the token's own rows, or no token at all (JWTOptional lets it through). */
export function expectedForHeader(value: string, mode: Mode): Answer[] {
  const seen = asServerReads(value)
  if (seen === '') return [mode === 'required' ? NO_HEADER : ok(null)]
  // RFC 6750 §2.1, case-insensitive scheme (RFC 7235 §2.1), exactly one token.
  const match = /^bearer +(\S+)$/i.exec(seen)
  if (match === null) return [NOT_BEARER]
  return expectedForToken(match[1])
}

/** A token that is no valid signed JWT: `jwt malformed` for other than three parts, else a 401 row. */
export function expectedForToken(token: string): Answer[] {
  if (token.split('.').length !== 3) return [MALFORMED]
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) return [NOT_A_TOKEN]
  return HOSTILE_TOKEN_ANSWERS.filter((answer) => answer !== NOT_BEARER)
}

/** A cookie's parsing differs by door (decoding, `j:` JSON): no token, or a refused one. */
export function expectedForCookie(mode: Mode): Answer[] {
  return [mode === 'required' ? NO_COOKIE : ok(null), ...HOSTILE_TOKEN_ANSWERS.filter((answer) => answer !== NOT_BEARER)]
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
  // The header segment is read as latin1 JSON: any falsy value is no header at all.
  const read = JSON.parse(Buffer.from(JSON.stringify(header), 'utf8').toString('latin1'))
  if (!read) return NOT_A_TOKEN
  if (signature === '') return NO_SIGNATURE
  const alg = typeof read === 'object' && !Array.isArray(read) ? read.alg : undefined
  if (!DEFAULT_ALGORITHMS[kind].includes(alg)) return BAD_ALGORITHM
  return BAD_SIGNATURE
}

/** The answers outside `allowed`, for an assertion that names the offending ones. */
export function unexpected(answer: Answer, allowed: Answer[]): Answer | undefined {
  const text = JSON.stringify(answer)
  return allowed.some((a) => JSON.stringify(a) === text) ? undefined : answer
}
