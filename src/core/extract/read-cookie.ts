/**
 * Reads one cookie from a raw `Cookie` header, for doors whose framework has not parsed it.
 * @param header the `Cookie` request header, if any.
 * @param name the cookie to find.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  let start = 0
  while (start < header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const eq = header.indexOf('=', start)
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      return decodeValue(header.slice(eq + 1, end).trim())
    }
    start = end + 1
  }
  return undefined
}

// RFC 6265 §4.1.1: a value may be wrapped in double quotes; cookie-parser also URL-decodes.
function decodeValue(raw: string): string {
  const value = raw.length > 1 && raw[0] === '"' && raw[raw.length - 1] === '"' ? raw.slice(1, -1) : raw
  if (value.indexOf('%') === -1) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
