import { ERROR_TABLE, type ErrorName, type ErrorRow } from './error-table'
import { Failure } from './failure'

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>
const QUOTED_SPECIALS = /["\\]/g
const MARK = /<(\w+)>/g

/**
 * Turns a row of the error table into the answer a door writes. Built once per row and value
 * (at setup, or once per verifier option), never per request but for `rejected`.
 * @param name the row.
 * @param values the row's `<name>` marks: `{ audience: 'api' }` for `badAudience`.
 */
export function toFailure(name: ErrorName, values?: Readonly<Record<string, string>>): Failure {
  const row: ErrorRow = ERROR_TABLE[name]
  if (row.code === undefined) return new Failure(name, row.status, undefined, NO_HEADERS)
  const description = fill(row.description ?? '', values)
  const body = { code: row.code, description }
  if (row.challenge !== true) return new Failure(name, row.status, body, NO_HEADERS)
  // RFC 6750 §3: error_description is a quoted-string, so \ and " are escaped.
  const quoted = description.replace(QUOTED_SPECIALS, '\\$&')
  return new Failure(name, row.status, body, { 'WWW-Authenticate': `error="${row.code}", error_description="${quoted}"` })
}

function fill(template: string, values: Readonly<Record<string, string>> | undefined): string {
  if (values === undefined) return template
  return template.replace(MARK, (mark, key: string) => (Object.hasOwn(values, key) ? values[key] : mark))
}

/** The rows whose answer never changes, built once. */
export const FIXED_FAILURES = {
  noKey: toFailure('noKey'),
  noHeader: toFailure('noHeader'),
  noCookie: toFailure('noCookie'),
  notBearer: toFailure('notBearer'),
  revoked: toFailure('revoked'),
  malformed: toFailure('malformed'),
  badSignature: toFailure('badSignature'),
  expired: toFailure('expired'),
  noSubject: toFailure('noSubject'),
  unknownUser: toFailure('unknownUser'),
  notActive: toFailure('notActive'),
  badAlgorithm: toFailure('badAlgorithm'),
  noSignature: toFailure('noSignature'),
  notAToken: toFailure('notAToken'),
  badExp: toFailure('badExp'),
  badNbf: toFailure('badNbf'),
  noIssuedAt: toFailure('noIssuedAt'),
  unsupportedCrit: toFailure('unsupportedCrit'),
  noKeyForKid: toFailure('noKeyForKid'),
  invalidCsrfToken: toFailure('invalidCsrfToken'),
  forbidden: toFailure('forbidden'),
  fault: toFailure('fault'),
  timeout: toFailure('timeout'),
  keysUnavailable: toFailure('keysUnavailable'),
} as const satisfies Partial<Record<ErrorName, Failure>>
