import { parseExpiresAt } from './parse-expires-at'
import type { Tokens } from './types'

/** `TOKENS` as the manager holds them: the object received, and its fields read. */
export interface ReadTokens {
  tokens: Tokens
  accessToken: string
  refreshToken: string | undefined
  expiresAtMs: number
}

/** What is wrong: the field (`''` for the whole object) and what it must be; never its value. */
export interface TokensProblem {
  field: string
  must: string
}

export type ReadTokensResult = { read: ReadTokens; problem?: undefined } | { read?: undefined; problem: TokensProblem }

/**
 * Checks a `TOKENS` object (a login or refresh answer, or the app's stored tokens), so that a
 * wrong answer is an error now rather than an `undefined` token sent later.
 *
 * @param value - the object received.
 * @param refreshTokenRequired - false when an app's `refresh` function keeps it elsewhere.
 */
export function readTokens(value: unknown, refreshTokenRequired: boolean): ReadTokensResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: { field: '', must: 'be an object { accessToken, refreshToken, expiresAt }' } }
  }
  const tokens = value as Tokens
  if (!isToken(tokens.accessToken)) return { problem: { field: 'accessToken', must: 'be a non-empty string' } }
  const refreshToken = tokens.refreshToken
  if ((refreshToken !== undefined || refreshTokenRequired) && !isToken(refreshToken)) {
    return { problem: { field: 'refreshToken', must: 'be a non-empty string' } }
  }
  const expiresAt = parseExpiresAt(tokens.expiresAt)
  if (expiresAt.problem !== undefined) return { problem: { field: 'expiresAt', must: expiresAt.problem } }
  return { read: { tokens, accessToken: tokens.accessToken, refreshToken, expiresAtMs: expiresAt.ms } }
}

// A token goes into a header or a JSON body: whitespace or a control character in it is a wrong
// value (a line of an error page, say), not a token.
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/

function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_CHARACTERS.test(value)
}
