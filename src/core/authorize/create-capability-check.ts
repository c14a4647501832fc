import { compileCapabilities, type CapabilityChecker, type CoverageResult } from './compile-capabilities'

/** Checks a token's `caps` claim against a request: the claim as the token has it, the method, the target. */
export type CapabilityCheck = (caps: unknown, method: string | undefined, target: string | undefined) => CoverageResult

const DEFAULT_MAX = 1_000
// Longer claims are compiled each time rather than kept: the cache's memory stays bounded by
// entries × this, whatever tokens an issuer signs.
const MAX_CACHED_LENGTH = 4_096
const NOTHING = compileCapabilities('')

/**
 * Builds the capability step of a door: the `caps` claim must cover the request's method and
 * decoded path. Each claim is compiled once and kept in a small LRU keyed by the claim's text, so
 * a repeated token (or many tokens with the same grant) costs one lookup. A claim that is missing,
 * not a string or malformed covers nothing: the issuer signed it, but a grant that cannot be read
 * grants nothing.
 * @param max how many compiled claims to keep (default 1,000).
 */
export function createCapabilityCheck(max = DEFAULT_MAX): CapabilityCheck {
  const compiled = new Map<string, CapabilityChecker>()

  function checkerFor(caps: string): CapabilityChecker {
    const kept = compiled.get(caps)
    if (kept !== undefined) {
      // Most recent last: a Map iterates in insertion order, so the first key is the LRU one.
      compiled.delete(caps)
      compiled.set(caps, kept)
      return kept
    }
    const checker = compile(caps)
    if (caps.length <= MAX_CACHED_LENGTH && max > 0) {
      if (compiled.size >= max) compiled.delete(compiled.keys().next().value as string)
      compiled.set(caps, checker)
    }
    return checker
  }

  return (caps, method, target) => {
    const checker = typeof caps === 'string' ? checkerFor(caps) : NOTHING
    return checker.check(method ?? '', target ?? '')
  }
}

function compile(caps: string): CapabilityChecker {
  try {
    return compileCapabilities(caps)
  } catch {
    return NOTHING
  }
}
