import { JSONCookie } from 'cookie-parser'

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

// `cookie`, the parser cookie-parser and Express stand on (no types of its own in this version).
const { parse: parseCookies }: { parse(header: string): Record<string, string> } = require('cookie')

// What the server must answer, worked out from the input alone (DESIGN.md and RFC 6750, 7515),
// never from the code under test: one answer, exactly. No fuzzed token is signed by the route's
// key, so the header, the signature's presence and the algorithm decide, in jws order, and the
// payload is never read.

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

/** How a door comes by its cookies: the `Cookie` header as sent, or cookie-parser's `req.cookies`. */
export type CookieReader = 'header' | 'cookie-parser'

/**
 * A cookie: the one answer for the `auth` cookie this door reads out of this header. The value
 * comes from the `cookie` package's parse (RFC 6265 §5.2: first pair of the name, WSP trimmed,
 * quotes dropped, %XX decoded when it decodes), the reference both readers follow; cookie-parser
 * then replaces a `j:` value by its JSON when that is truthy, and only a string can be a token.
 */
export function expectedForCookie(cookieHeader: string, mode: Mode, kind: string, reader: CookieReader): Answer {
  const value = cookieValue(asServerReads(cookieHeader), reader)
  if (value === undefined || value === '') return mode === 'required' ? NO_COOKIE : ok(null)
  return expectedForToken(value, kind)
}

function cookieValue(header: string, reader: CookieReader): string | undefined {
  const raw: unknown = parseCookies(header).auth
  if (reader === 'header' || typeof raw !== 'string') return typeof raw === 'string' ? raw : undefined
  const json: unknown = JSONCookie(raw)
  const read = json ? json : raw
  return typeof read === 'string' ? read : undefined
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
