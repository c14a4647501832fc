import { algorithmOf } from './algorithms'
import type { VerifyOptions } from './verify-options'

// The timespans jsonwebtoken's maxAge takes (the `ms` package's): `90`, `'1.5h'`, `'2 days'`, `'-1d'`.
const TIMESPAN = /^-?\d*\.?\d+ *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i

/**
 * Checks verifyOptions once, at setup: a value of the wrong type throws now, naming the option,
 * where jsonwebtoken would refuse every token later (or, for `algorithms: 'HS256'`, match parts of
 * the string). Names it does not know are left alone, as jsonwebtoken leaves them.
 * @returns a frozen copy.
 * @throws TypeError naming the option.
 */
export function checkVerifyOptions(options: VerifyOptions): Readonly<VerifyOptions> {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: verifyOptions must be an object')
  const { algorithms, audience, issuer, nonce, maxAge } = options
  if (algorithms !== undefined) {
    if (!Array.isArray(algorithms) || algorithms.length === 0) throw wrong('algorithms', 'a non-empty list of algorithm names')
    const unknown = algorithms.filter((alg) => algorithmOf(alg) === undefined)
    if (unknown.length > 0) throw new TypeError(`jwt-hooks: "algorithms" holds ${unknown.map((alg) => JSON.stringify(alg)).join(', ')}, not an algorithm jwt-hooks verifies`)
  }
  if (audience !== undefined && !(Array.isArray(audience) ? audience.every(isAudience) : isAudience(audience))) {
    throw wrong('audience', 'a string, a RegExp or a list of them')
  }
  if (issuer !== undefined && !(typeof issuer === 'string' || (Array.isArray(issuer) && issuer.every((i) => typeof i === 'string')))) {
    throw wrong('issuer', 'a string or a list of strings')
  }
  for (const name of ['subject', 'jwtid'] as const) expectType(options[name], 'string', name)
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce.trim() === '')) throw wrong('nonce', 'a non-empty string')
  for (const name of ['clockTolerance', 'clockTimestamp'] as const) {
    const value = options[name]
    if (value !== undefined && !Number.isFinite(value)) throw wrong(name, 'a number of seconds')
  }
  if (maxAge !== undefined && !(Number.isFinite(maxAge) || (typeof maxAge === 'string' && maxAge.length < 100 && TIMESPAN.test(maxAge)))) {
    throw wrong('maxAge', 'a number of seconds or a duration such as "1h"')
  }
  for (const name of ['ignoreExpiration', 'ignoreNotBefore', 'allowInvalidAsymmetricKeyTypes'] as const) expectType(options[name], 'boolean', name)
  // A copy of the list too: a caller's later push must not change a door already built.
  return Object.freeze(algorithms === undefined ? { ...options } : { ...options, algorithms: [...algorithms] })
}

function isAudience(value: unknown): boolean {
  return typeof value === 'string' || value instanceof RegExp
}

function expectType(value: unknown, type: 'string' | 'boolean', name: string): void {
  if (value !== undefined && typeof value !== type) throw wrong(name, `a ${type}`)
}

function wrong(name: string, expected: string): TypeError {
  return new TypeError(`jwt-hooks: "${name}" must be ${expected}`)
}
