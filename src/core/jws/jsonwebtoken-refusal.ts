import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken'

import { ERROR_TABLE, type ErrorName } from '../errors/error-table'
import type { Failure } from '../errors/failure'
import { FIXED_FAILURES, toFailure } from '../errors/to-failure'

// jsonwebtoken's refusals are the table's descriptions word for word (its messages are the
// contract), so a refusal is found by its message: the fixed rows exactly, the claim rows by the
// words before their one mark (`jwt audience invalid. expected: <audience>`).
const FIXED_ROWS = ['malformed', 'badSignature', 'notActive', 'badAlgorithm', 'noSignature', 'notAToken', 'badExp', 'badNbf', 'noIssuedAt', 'unsupportedCrit'] as const
const CLAIM_ROWS = ['badAudience', 'badIssuer', 'badSubject', 'badJwtid', 'badNonce'] as const

const BY_MESSAGE = new Map<string, Failure>(FIXED_ROWS.map((name) => [ERROR_TABLE[name].description, FIXED_FAILURES[name]]))
const BY_PREFIX = CLAIM_ROWS.map((name) => {
  const description: string = ERROR_TABLE[name].description
  const mark = description.lastIndexOf('<')
  return { name: name as ErrorName, prefix: description.slice(0, mark), mark: description.slice(mark + 1, -1) }
})

/**
 * The one mapping from jsonwebtoken's refusals to rows of the table.
 * @param error what jsonwebtoken threw: a JsonWebTokenError or one of its subclasses.
 */
export function fromJsonwebtoken(error: JsonWebTokenError): Failure {
  // maxAge exceeded is a TokenExpiredError too: row 8, `jwt expired`.
  if (error instanceof TokenExpiredError) return FIXED_FAILURES.expired
  if (error instanceof NotBeforeError) return FIXED_FAILURES.notActive
  const message = error.message
  const fixed = BY_MESSAGE.get(message)
  if (fixed !== undefined) return fixed
  for (const { name, prefix, mark } of BY_PREFIX) {
    if (message.startsWith(prefix)) return toFailure(name, { [mark]: message.slice(prefix.length) })
  }
  return toFailure('rejected', { message })
}
