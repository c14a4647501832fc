import { isNestedDeeperThan } from '../login/is-nested-deeper-than'
import { LOGIN_ANSWERS, MAX_BODY_DEPTH, type PropertyError } from '../login/login-answers'
import type { EndpointAnswer } from './endpoint'
import { badRequest } from './endpoint-answers'

/** Checks one property's value: the constraints it breaks (class-validator's names and wording), or none. */
export type FieldCheck = (value: unknown, property: string) => Record<string, string> | undefined

/** The properties a body may have: required ones must be there; `null` counts as absent for optional ones. */
export interface BodySchema {
  required: Record<string, FieldCheck>
  optional?: Record<string, FieldCheck>
}

/**
 * Checks a parsed JSON body against a schema, as the login checks its own: a JSON object at most
 * 32 levels deep, every property known (`whitelistValidation`), each one valid.
 * @returns the body's fields, or the 400 answer listing every failing property.
 */
export function checkBody(body: unknown, schema: BodySchema): { fields: Record<string, unknown> } | { refused: EndpointAnswer } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { refused: badRequest(LOGIN_ANSWERS.notObject) }
  if (isNestedDeeperThan(body, MAX_BODY_DEPTH)) return { refused: badRequest(LOGIN_ANSWERS.tooDeep) }
  const given = body as Record<string, unknown>
  const optional = schema.optional ?? {}
  const errors: PropertyError[] = []
  for (const property of Object.keys(given)) {
    if (!Object.hasOwn(schema.required, property) && !Object.hasOwn(optional, property)) {
      errors.push({ property, constraints: { whitelistValidation: `property ${property} should not exist` } })
    }
  }
  const fields: Record<string, unknown> = {}
  for (const [property, check] of Object.entries(schema.required)) {
    const constraints = check(given[property], property)
    if (constraints !== undefined) errors.push({ property, constraints })
    else fields[property] = given[property]
  }
  for (const [property, check] of Object.entries(optional)) {
    const value = given[property]
    if (value === undefined || value === null) continue
    const constraints = check(value, property)
    if (constraints !== undefined) errors.push({ property, constraints })
    else fields[property] = value
  }
  if (errors.length > 0) return { refused: badRequest(LOGIN_ANSWERS.invalidBody, errors.sort(byProperty)) }
  return { fields }
}

/** A string of `min` to `max` characters. */
export function isText(min: number, max: number): FieldCheck {
  return (value, property): Record<string, string> | undefined => {
    if (typeof value !== 'string') return { isString: `${property} must be a string` }
    if (value.length < min) return { isNotEmpty: `${property} should not be empty` }
    if (value.length > max) return { maxLength: `${property} must be shorter than or equal to ${max} characters` }
    return undefined
  }
}

function byProperty(a: PropertyError, b: PropertyError): number {
  return a.property < b.property ? -1 : a.property > b.property ? 1 : 0
}
