// A request target is ASCII (RFC 3986 §2): raw bytes outside 0x21–0x7E have no agreed meaning.
// Backslash is refused too: some servers and proxies read it as `/`.
const PLAIN = /^\/[!-"$-[\]-~]*$/
const DOUBLE_SLASH_OR_DOT_SEGMENT = /\/\/|\/\.\.?(?:\/|$)/
// Encoded `/`, `.`, `\` and NUL: each could turn one path into another once someone decodes it.
const FORBIDDEN_ESCAPE = /%(?:2[eEfF]|5[cC]|00)/
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * The path a capability is checked against: the request target's path without its query,
 * percent-decoded as UTF-8. A path is refused (`null`, covered by nothing) when it does not start
 * with `/`, holds a `#`, a `\`, a space, a control or non-ASCII byte, a `//`, a `.` or `..`
 * segment, an encoded `/`, `.`, `\` or NUL, an invalid percent-escape, or escapes that are not
 * UTF-8.
 *
 * @param target - The raw request target, e.g. `req.url` of node:http (`/pub/a%20b?x=1`).
 */
export function decodeRequestPath(target: string): string | null {
  const query = target.indexOf('?')
  const raw = query === -1 ? target : target.slice(0, query)
  if (!PLAIN.test(raw) || DOUBLE_SLASH_OR_DOT_SEGMENT.test(raw)) return null
  if (raw.indexOf('%') === -1) return raw
  if (FORBIDDEN_ESCAPE.test(raw)) return null
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i)
    if (code !== 0x25 /* % */) {
      bytes.push(code)
      continue
    }
    const high = hexValue(raw.charCodeAt(i + 1))
    const low = hexValue(raw.charCodeAt(i + 2))
    if (high < 0 || low < 0) return null
    bytes.push(high * 16 + low)
    i += 2
  }
  try {
    return STRICT_UTF8.decode(Uint8Array.from(bytes))
  } catch {
    return null
  }
}

/** The value of one hex digit, or -1 (NaN past the end of the string is -1 too). */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  const lower = code | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1
}
