import { ERROR_TABLE, type ErrorName, type ErrorRow } from './error-table'
import { Failure } from '../types'

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>
const QUOTED_SPECIALS = /["\\]/g

/**
 * Turns a row of the error table into the answer a door writes.
 * @param name the row.
 * @param message the verifier's message, for rows whose description is not fixed.
 */
export function toFailure(name: ErrorName, message = ''): Failure {
  const row: ErrorRow = ERROR_TABLE[name]
  if (row.code === undefined) return new Failure(row.status, undefined, NO_HEADERS)
  const body = { code: row.code, description: row.description ?? message }
  if (row.status !== 401) return new Failure(row.status, body, NO_HEADERS)
  // RFC 6750 §3: error_description is a quoted-string, so \ and " are escaped.
  const quoted = body.description.replace(QUOTED_SPECIALS, '\\$&')
  return new Failure(401, body, { 'WWW-Authenticate': `error="${row.code}", error_description="${quoted}"` })
}

/** Fixed rows built once: their answers never change. */
export const FIXED_FAILURES = {
  noKey: toFailure('noKey'),
  noHeader: toFailure('noHeader'),
  noCookie: toFailure('noCookie'),
  notBearer: toFailure('notBearer'),
  revoked: toFailure('revoked'),
  noSubject: toFailure('noSubject'),
  unknownUser: toFailure('unknownUser'),
  fault: toFailure('fault'),
  timeout: toFailure('timeout'),
} as const
