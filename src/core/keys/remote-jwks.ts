import { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import { fetchJwks, JwksFetchError, type FetchLimits } from './fetch-jwks'
import { keyError } from './key-error'
import type { JoseHeader, KeyLookup, KeyResolver, VerificationKey } from './key-resolver'
import { indexKeys, pickKey, type KeyIndex } from './pick-key'
import { readPublishedKeys } from './read-published-keys'

/** How a remote key set is fetched and kept (jose's names and defaults, plus a size bound). */
export interface RemoteJwksOptions {
  /** Milliseconds a fetch may take, body included, before it counts as failed (default 5000). */
  timeoutDuration?: number
  /** Milliseconds after a fetch before a token of an unknown `kid` may cause another (default 30000). */
  cooldownDuration?: number
  /** Milliseconds after which the set is fetched again, in the background (default 600000). */
  cacheMaxAge?: number
  /** The largest body read, in bytes (default 524288). */
  maxBytes?: number
}

const DEFAULTS = { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000, maxBytes: 512 * 1024 }

/**
 * The key resolver of a JWKS published at a URL: fetched on first use, kept, fetched again in the
 * background once `cacheMaxAge` has passed, and at once for a token whose `kid` it does not hold
 * (a key rotated in), at most once per `cooldownDuration`. The URL is the configured one only: a
 * token's `jku` or `x5u` is never fetched, and redirects are not followed. A failed fetch keeps
 * the keys fetched before; with none, tokens are refused with 503 and an empty body.
 * @param url the JWKS, `https:` (or `http:`, for a service on the same host).
 * @param source where the URL came from, for messages.
 * @throws TypeError at once for a URL or an option of the wrong kind.
 * @example
 * jwtRequired({ keys: createRemoteJwks('https://issuer.example/.well-known/jwks.json') })
 */
export function createRemoteJwks(url: string | URL, options: RemoteJwksOptions = {}, source = 'option "jwksUrl"'): KeyResolver {
  const target = checkUrl(url, source)
  const { timeoutDuration, cooldownDuration, cacheMaxAge, maxBytes } = checkOptions(options)
  const limits: FetchLimits = { timeoutMs: timeoutDuration, maxBytes }
  // The URL as logs name it: no credentials, no query.
  const shown = `${target.origin}${target.pathname}`
  let index: KeyIndex | undefined
  let fetchedAt = -Infinity
  let attemptedAt = -Infinity
  let fetching: Promise<void> | undefined

  const resolver = {
    keys: Object.freeze([]) as readonly VerificationKey[],
    generation: 0,
    freshUntil: -Infinity,
    resolve,
  }
  return resolver

  function resolve(header: JoseHeader): KeyLookup | Promise<KeyLookup> {
    const now = Date.now()
    if (index === undefined) {
      if (fetching === undefined && now - attemptedAt < cooldownDuration) return FIXED_FAILURES.keysUnavailable
      return refetch().then(() => (index === undefined ? FIXED_FAILURES.keysUnavailable : pickKey(index, header)))
    }
    if (fetching === undefined && now - fetchedAt >= cacheMaxAge && now - attemptedAt >= cooldownDuration) void refetch()
    const found = pickKey(index, header)
    // A kid the set does not hold may be a key rotated in since: ask again, once per cooldown.
    if (!(found instanceof Failure) || typeof header.kid !== 'string') return found
    if (fetching === undefined && now - attemptedAt < cooldownDuration) return found
    return refetch().then(() => pickKey(index!, header))
  }

  function refetch(): Promise<void> {
    fetching ??= fetchOnce().finally(() => {
      fetching = undefined
    })
    return fetching
  }

  async function fetchOnce(): Promise<void> {
    attemptedAt = Date.now()
    try {
      const keys = readPublishedKeys(await fetchJwks(target, limits), shown)
      index = indexKeys(keys)
      resolver.keys = keys
      fetchedAt = Date.now()
      resolver.freshUntil = fetchedAt + cacheMaxAge
      // The verdicts kept were made with the keys before: a key taken out must stop verifying.
      resolver.generation++
    } catch (error) {
      if (!(error instanceof JwksFetchError)) throw error
      // Not asked again before the cooldown is over: the verdicts may be kept until then.
      resolver.freshUntil = Math.max(resolver.freshUntil, attemptedAt + cooldownDuration)
      const kept = index === undefined ? 'none fetched before: tokens are refused with 503' : `keeping the ${resolver.keys.length} keys fetched before`
      console.error(`jwt-hooks: the key set at ${shown} could not be fetched (${error.message}); ${kept}`)
    }
  }
}

function checkUrl(url: string | URL, source: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw keyError(source, '', 'not a URL')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw keyError(source, '', 'must be an https: or http: URL')
  return parsed
}

function checkOptions(options: RemoteJwksOptions): Required<RemoteJwksOptions> {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: the remote JWKS options must be an object')
  const checked = { ...DEFAULTS, ...options }
  for (const name of Object.keys(DEFAULTS) as (keyof RemoteJwksOptions)[]) {
    const value = checked[name]
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new TypeError(`jwt-hooks: "${name}" must be a number >= 0`)
  }
  return checked
}
