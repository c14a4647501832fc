import { plainToInstance } from 'class-transformer'
import { validate } from 'class-validator'

import { isNestedDeeperThan } from './is-nested-deeper-than'
import { LOGIN_ANSWERS, MAX_BODY_DEPTH, type LoginAnswer, type PropertyError } from './login-answers'
import { LoginCredentials } from './login-credentials'

/** The body checked: credentials (email in lower case), or why it was refused. */
export type CheckedCredentials =
  | { credentials: LoginCredentials }
  | { refused: LoginAnswer; errors: PropertyError[] }

// class-transformer drops these keys (its prototype-pollution guard), so class-validator never
// sees them; they are extra properties all the same and are refused here, in its words.
const DROPPED_KEYS = ['__proto__', 'constructor']

/**
 * Validates a parsed JSON body against `LoginCredentials`: a JSON object at most 32 levels deep with
 * a well-formed email, a non-empty password of bounded length, and nothing else (forbidNonWhitelisted).
 * @param body the parsed request body.
 */
export async function checkCredentials(body: unknown): Promise<CheckedCredentials> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { refused: LOGIN_ANSWERS.notObject, errors: [] }
  }
  // Before class-transformer, which recurses: 5,000 levels overflowed its stack (a 500 and a logged stack).
  if (isNestedDeeperThan(body, MAX_BODY_DEPTH)) return { refused: LOGIN_ANSWERS.tooDeep, errors: [] }
  const credentials = plainToInstance(LoginCredentials, body)
  const found = await validate(credentials, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true })
  const errors: PropertyError[] = found.map(({ property, constraints }) => ({ property, constraints: { ...constraints } }))
  for (const key of DROPPED_KEYS) {
    if (Object.prototype.hasOwnProperty.call(body, key)) {
      errors.push({ property: key, constraints: { whitelistValidation: `property ${key} should not exist` } })
    }
  }
  if (errors.length > 0) return { refused: LOGIN_ANSWERS.invalidBody, errors: errors.sort(byProperty) }
  // Addresses are stored and compared in lower case, so `Ann@x.io` and `ann@x.io` are one account.
  credentials.email = credentials.email.toLowerCase()
  return { credentials }
}

function byProperty(a: PropertyError, b: PropertyError): number {
  return a.property < b.property ? -1 : a.property > b.property ? 1 : 0
}
