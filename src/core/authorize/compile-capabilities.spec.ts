import { compileCapabilities, type CoverageResult } from './compile-capabilities'
import { covers } from './covers'
import { InvalidCapabilitiesError } from './invalid-capabilities-error'

// [caps, request target, covered for reading, covered for writing]
const TABLE: Array<[string, string, boolean, boolean]> = [
  ['/pub/app/:rw', '/pub/app/', true, true],
  ['/pub/app/:rw', '/pub/app/x', true, true],
  ['/pub/app/:rw', '/pub/app/x/y/z.json?q=1&r=%2F', true, true],
  ['/pub/app/:rw', '/pub/app', false, false],
  ['/pub/app/:rw', '/pub/apples', false, false],
  ['/pub/app/:rw', '/pub/app-other/x', false, false],
  ['/pub/app/:rw', '/pub/other/x', false, false],
  ['/pub/app/:rw', '/pub/app/../secret', false, false],
  ['/pub/app/:rw', '/pub/app/./x', false, false],
  ['/pub/app/:rw', '/pub/app/%2e%2e/secret', false, false],
  ['/pub/app/:rw', '/pub/app/x%2Fy', false, false],
  ['/pub/app/:rw', '/pub/app//x', false, false],
  ['/pub/app/:rw', '/pub/app/a%00', false, false],
  ['/pub/app/:rw', '/pub/app/a%zz', false, false],
  ['/pub/app/:rw', '/pub/app/a\\..\\..\\x', false, false],
  ['/pub/app/:rw', '/pub%2Fapp/x', false, false],
  ['/pub/app/:r', '/pub/app/x', true, false],
  ['/pub/app/:w', '/pub/app/x', false, true],
  ['/pub/file.txt:rw', '/pub/file.txt', true, true],
  ['/pub/file.txt:rw', '/pub/file.txt?download=1', true, true],
  ['/pub/file.txt:rw', '/pub/fil%65.txt', true, true],
  ['/pub/file.txt:rw', '/pub/file%2Etxt', false, false],
  ['/pub/file.txt:rw', '/pub/file.txt/', false, false],
  ['/pub/file.txt:rw', '/pub/file.txt2', false, false],
  ['/pub/file.txt:rw', '/pub/file.tx', false, false],
  ['/:r', '/', true, false],
  ['/:r', '/anything/at/all', true, false],
  ['/:rw', '/pub/a%20b', true, true],
  ['', '/', false, false],
  ['', '/pub/app/x', false, false],
  ['/pub/x:', '/pub/x', false, false],
  ['/pub/a:r,/pub/a/:w', '/pub/a', true, false],
  ['/pub/a:r,/pub/a/:w', '/pub/a/b', false, true],
  ['/pub/a/:r,/pub/a/b/:w', '/pub/a/b/c', true, true],
  ['/pub/caf\u00e9/:rw', '/pub/caf%C3%A9/x', true, true],
  ['/pub/caf\u00e9/:rw', '/pub/caf%c3%a9/x', true, true],
  ['/pub/caf\u00e9/:rw', '/pub/cafe%CC%81/x', false, false],
  ['/pub/caf\u00e9/:rw', '/pub/caf\u00e9/x', false, false],
  ['/pub/a b/:r', '/pub/a%20b/x', true, false],
  ['/pub/a b/:r', '/pub/a b/x', false, false],
]
const READ_METHODS = ['GET', 'HEAD']
const WRITE_METHODS = ['PUT', 'POST', 'PATCH', 'DELETE']

function refusal(action: 'read' | 'write', target: string): CoverageResult {
  const path = target.split('?')[0].replace(/[^!-~]/gu, encodeURIComponent)
  return { ok: false, action, path }
}

describe('capability coverage: scopes x paths x methods', () => {
  const cases = TABLE.flatMap(([caps, target, read, write]) => [
    ...READ_METHODS.map((method) => ({ caps, method, target, expected: read ? { ok: true } : refusal('read', target) })),
    ...WRITE_METHODS.map((method) => ({ caps, method, target, expected: write ? { ok: true } : refusal('write', target) })),
  ])

  test.each(cases)('$caps, $method $target', ({ caps, method, target, expected }) => {
    expect(compileCapabilities(caps).check(method, target)).toStrictEqual(expected)
    expect(covers(caps, method, target)).toStrictEqual(expected)
  })
})

describe('capability coverage: methods other than GET, HEAD, PUT, POST, PATCH, DELETE are covered by nothing', () => {
  test.each(['OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'MKCOL', 'get', 'Put', ''])('%j on /:rw', (method) => {
    expect(compileCapabilities('/:rw').check(method, '/pub/app/x')).toStrictEqual({ ok: false, action: 'write', path: '/pub/app/x' })
  })
})

describe('compileCapabilities', () => {
  test('normalizes what it compiles, as validateCapabilities does', () => {
    const checker = compileCapabilities(' /pub/app/:wr ,, /pub/b:r')
    expect(checker.caps).toBe('/pub/app/:rw,/pub/b:r')
    expect(checker.check('PATCH', '/pub/app/1')).toStrictEqual({ ok: true })
  })

  test('a malformed capabilities string throws InvalidCapabilitiesError', () => {
    expect(() => compileCapabilities('/pub/app/:rwx')).toThrow(InvalidCapabilitiesError)
    expect(() => compileCapabilities(undefined as unknown as string)).toThrow(TypeError)
  })

  test('the refused path is printable ASCII and bounded, whatever the target', () => {
    const checker = compileCapabilities('')
    expect(checker.check('GET', '/pub/\u20ac "x"\r\n\ud800?q')).toStrictEqual({ ok: false, action: 'read', path: '/pub/%E2%82%AC%20"x"%0D%0A%EF%BF%BD' })
    const long = checker.check('GET', `/${'a'.repeat(1000)}`)
    expect(long).toStrictEqual({ ok: false, action: 'read', path: `/${'a'.repeat(255)}...` })
  })
})
