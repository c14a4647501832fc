import { InvalidCapabilitiesError } from './invalid-capabilities-error'
import { formatCapability, parseCapability } from './parse-capability'

// Rust's str::trim strips the Unicode White_Space property, which is not JavaScript's trim():
// U+0085 (NEL) is white space to Rust and not to JS; U+FEFF (BOM) is the other way round.
const RUST_TRIM = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Validates and normalizes a capabilities string exactly as Pubky's SDK does
 * (`validateCapabilities` of `@synonymdev/pubky`): comma-separated `<scope>:<actions>` entries,
 * each trimmed, empty ones dropped; a scope starts with `/`; actions are `r` and `w` in any order
 * and number, written back as `r` before `w` once each (`wr` and `rrw` become `rw`). Entries are
 * kept in their order, repeats included, and joined with `,`.
 *
 * @param input - The capabilities asked for, e.g. `/pub/my-cool-app/:rw,/pub/foo.txt:r`.
 * @returns The normalized string (`''` for no capabilities).
 * @throws InvalidCapabilitiesError (`name` `InvalidInput`) listing every malformed entry.
 * @throws TypeError when `input` is not a string.
 * @example
 * validateCapabilities(' /pub/app/:wr , /pub/foo.txt:r') // '/pub/app/:rw,/pub/foo.txt:r'
 */
export function validateCapabilities(input: string): string {
  if (typeof input !== 'string') throw new TypeError('jwt-hooks: capabilities must be a string')
  // The SDK receives its argument as UTF-8, so a lone surrogate arrives as U+FFFD.
  const text = input.replace(LONE_SURROGATE, '\ufffd')
  const valid: string[] = []
  const invalid: string[] = []
  for (const part of text.split(',')) {
    const entry = part.replace(RUST_TRIM, '')
    if (entry === '') continue
    const capability = parseCapability(entry)
    if (capability === null) invalid.push(entry)
    else valid.push(formatCapability(capability))
  }
  if (invalid.length > 0) throw new InvalidCapabilitiesError(invalid)
  return valid.join(',')
}
