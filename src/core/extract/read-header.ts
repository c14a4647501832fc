import type { RequestLike } from '../types'

/**
 * Reads a request header: `header(name)` first (the doors' Node map, lower-cased by Node), then,
 * when that is absent or finds nothing, the `headers` map whatever the case of its names.
 * @param name the header, in lower case.
 * @returns what was found: a string, or whatever else a map holds (a list, a number), or undefined.
 */
export function readHeader(request: RequestLike, name: string): unknown {
  if (request.header !== undefined) {
    const value = request.header(name)
    if (value !== undefined || request.headers === undefined) return value
  }
  return findHeader(request.headers, name)
}

// RFC 9110 §5.1: field names are case-insensitive.
function findHeader(headers: RequestLike['headers'], name: string): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined
  const exact = headers[name]
  if (exact !== undefined) return exact
  for (const key in headers) {
    if (key.length === name.length && key.toLowerCase() === name) return headers[key]
  }
  return undefined
}
