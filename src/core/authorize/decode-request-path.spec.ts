import fc from 'fast-check'

import { decodeRequestPath } from './decode-request-path'

describe('decodeRequestPath', () => {
  test.each([
    ['/', '/'],
    ['/pub/app/', '/pub/app/'],
    ['/pub/app/file.json?x=1&y=%2F', '/pub/app/file.json'],
    ['/pub/a%20b', '/pub/a b'],
    ['/pub/caf%C3%A9', '/pub/caf\u00e9'],
    ['/pub/%41%62', '/pub/Ab'],
    ['/pub/100%25', '/pub/100%'],
    ['/pub/.hidden', '/pub/.hidden'],
    ['/pub/a..b/c.', '/pub/a..b/c.'],
    ['/pub/...', '/pub/...'],
    ['/pub/%EF%BB%BFbom', '/pub/\ufeffbom'],
  ])('%j decodes to %j', (target, path) => {
    expect(decodeRequestPath(target)).toBe(path)
  })

  test.each([
    ['', 'empty'],
    ['pub/app', 'relative'],
    ['http://host/pub/app', 'absolute-form'],
    ['/pub//app', 'double slash'],
    ['//pub/app', 'leading double slash'],
    ['/pub/./app', 'dot segment'],
    ['/pub/app/.', 'trailing dot segment'],
    ['/pub/../app', 'dot-dot segment'],
    ['/pub/app/..', 'trailing dot-dot segment'],
    ['/pub/app%2Fx', 'encoded slash'],
    ['/pub/app%2fx', 'encoded slash, lower case'],
    ['/pub/%2e%2e/x', 'encoded dots'],
    ['/pub/%2E/x', 'encoded dot'],
    ['/pub/a%5Cb', 'encoded backslash'],
    ['/pub/a\\b', 'backslash'],
    ['/pub/a%00b', 'encoded NUL'],
    ['/pub/a\u0000b', 'NUL'],
    ['/pub/a%', 'truncated escape'],
    ['/pub/a%4', 'short escape'],
    ['/pub/a%zz', 'not hex'],
    ['/pub/%C3', 'truncated UTF-8'],
    ['/pub/%C0%AF', 'overlong UTF-8 for /'],
    ['/pub/%ED%A0%80', 'encoded surrogate'],
    ['/pub/a b', 'raw space'],
    ['/pub/caf\u00e9', 'raw non-ASCII'],
    ['/pub/a#b', 'fragment'],
    ['/pub/a\r\nb', 'control characters'],
  ])('%j is covered by nothing (%s)', (target) => {
    expect(decodeRequestPath(target)).toBeNull()
  })
})

describe('decodeRequestPath against the WHATWG URL parser', () => {
  // Pieces the URL parser leaves as they are unless they form dot segments (it reads %2e as a
  // dot) or backslashes (it reads them as slashes): the ways one path turns into another.
  const PIECES = ['a', 'pub', 'app', '/', '/', '.', '..', '%2e', '%2E', '%2f', '%2F', '%5c', '\\', '%25', '%', '%zz', '%41', '%C3%A9', '%C3', '%00', '~', ':', '@', '|', '?', '?x=/../']
  const target = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => `/${parts.join('')}`)

  test('a path it accepts is one the URL parser leaves alone, and decodes the same', () => {
    fc.assert(
      fc.property(target, (raw) => {
        const decoded = decodeRequestPath(raw)
        if (decoded === null) return
        const path = raw.split('?')[0]
        expect(new URL(raw, 'http://host').pathname).toBe(path)
        expect(decoded).toBe(decodeURIComponent(path))
        const segments = decoded.split('/').slice(1)
        const last = segments.pop()
        expect([...segments.filter((segment) => ['', '.', '..'].includes(segment)), last === '.' || last === '..']).toStrictEqual([false])
      }),
      { seed: 0x70617468, numRuns: 5000 },
    )
  })
})
