import { decodeRequestPath } from './decode-request-path'
import { parseCapability } from './parse-capability'
import { validateCapabilities } from './validate-capabilities'

/** What a request needs of a capability: `r` to read, `w` to write. */
export type CapabilityAction = 'read' | 'write'

/** The answer of a coverage check; on refusal, the action the request needed and its path. */
export type CoverageResult =
  | { readonly ok: true }
  | {
      readonly ok: false
      readonly action: CapabilityAction
      /** The request's path without the query, printable ASCII (for the `insufficient_scope` description). */
      readonly path: string
    }

/** A capabilities string parsed once, to check many requests against. */
export interface CapabilityChecker {
  /** The normalized capabilities it was compiled from. */
  readonly caps: string
  /**
   * Whether the capabilities cover a request.
   *
   * @param method - The HTTP method, as sent (methods are case-sensitive: RFC 9110 §9.1).
   * @param target - The raw request target, e.g. `req.url` (`/pub/app/a%20b?x=1`).
   */
  check(method: string, target: string): CoverageResult
}

interface Scopes {
  exact: Set<string>
  below: string[]
}

const COVERED: CoverageResult = Object.freeze({ ok: true })
const READS = new Set(['GET', 'HEAD'])
const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE'])
const DESCRIBED_PATH_MAX = 256
const NOT_PRINTABLE = /[^!-~]/gu

/**
 * Compiles a capabilities string (the `caps` claim) for coverage checks. `GET` and `HEAD` need
 * `r`; `PUT`, `POST`, `PATCH` and `DELETE` need `w`; any other method (`OPTIONS`, `TRACE`,
 * WebDAV verbs…) is covered by nothing, and its refusal names `write`, since Pubky's homeserver
 * counts every method but `GET` and `HEAD` as a write. A scope ending in `/` covers its path and
 * everything below it; any other scope covers exactly its path, so `/pub/app/` never covers
 * `/pub/apples`. The path is percent-decoded and refused outright when ambiguous
 * (see `decodeRequestPath`).
 *
 * Compile once per token (cache it beside the verified token); each check then costs a decode
 * and a few string comparisons.
 *
 * @param caps - A capabilities string; it is normalized first, as `validateCapabilities` does.
 * @throws InvalidCapabilitiesError for a malformed string, TypeError for one that is not a string.
 * @example
 * const checker = compileCapabilities('/pub/app/:rw,/pub/readme.txt:r')
 * checker.check('PUT', '/pub/app/notes/1') // { ok: true }
 * checker.check('PUT', '/pub/readme.txt')  // { ok: false, action: 'write', path: '/pub/readme.txt' }
 */
export function compileCapabilities(caps: string): CapabilityChecker {
  const normalized = validateCapabilities(caps)
  const read: Scopes = { exact: new Set(), below: [] }
  const write: Scopes = { exact: new Set(), below: [] }
  for (const entry of normalized === '' ? [] : normalized.split(',')) {
    const capability = parseCapability(entry)!
    if (capability.read) add(read, capability.scope)
    if (capability.write) add(write, capability.scope)
  }
  return {
    caps: normalized,
    check(method: string, target: string): CoverageResult {
      const reads = READS.has(method)
      const scopes = reads ? read : WRITES.has(method) ? write : null
      const path = decodeRequestPath(target)
      if (scopes !== null && path !== null && isCovered(scopes, path)) return COVERED
      return { ok: false, action: reads ? 'read' : 'write', path: describePath(target) }
    },
  }
}

function add(scopes: Scopes, scope: string): void {
  if (scope.endsWith('/')) scopes.below.push(scope)
  else scopes.exact.add(scope)
}

function isCovered({ exact, below }: Scopes, path: string): boolean {
  if (exact.has(path)) return true
  for (const scope of below) if (path.startsWith(scope)) return true
  return false
}

/** The raw path without its query, made safe for a header: anything not printable ASCII is escaped. */
function describePath(target: string): string {
  const query = target.indexOf('?')
  let raw = query === -1 ? target : target.slice(0, query)
  if (raw.length > DESCRIBED_PATH_MAX) raw = `${raw.slice(0, DESCRIBED_PATH_MAX)}...`
  return raw.replace(NOT_PRINTABLE, escapeChar)
}

function escapeChar(char: string): string {
  // A lone surrogate cannot be UTF-8 encoded; U+FFFD stands in for it.
  const encoded = char.length === 1 && char >= '\ud800' && char <= '\udfff' ? '\ufffd' : char
  return encodeURIComponent(encoded)
}
