import { compileCapabilities, type CoverageResult } from './compile-capabilities'

/**
 * Whether capabilities cover one request: `compileCapabilities(caps).check(method, target)`.
 * For many requests with the same capabilities, compile once and keep the checker.
 *
 * @param caps - A capabilities string (the `caps` claim).
 * @param method - The HTTP method.
 * @param target - The raw request target (path, maybe with a query).
 * @throws InvalidCapabilitiesError for a malformed `caps`.
 * @example
 * covers('/pub/app/:r', 'GET', '/pub/app/a.json?v=2') // { ok: true }
 */
export function covers(caps: string, method: string, target: string): CoverageResult {
  return compileCapabilities(caps).check(method, target)
}
