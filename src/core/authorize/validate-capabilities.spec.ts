import { InvalidCapabilitiesError } from './invalid-capabilities-error'
import { validateCapabilities } from './validate-capabilities'

describe('validateCapabilities', () => {
  test.each([
    ['', ''],
    [' , ,', ''],
    ['/pub/app/:rw', '/pub/app/:rw'],
    ['/pub/app/:wr', '/pub/app/:rw'],
    ['/pub/app/:wwrrw', '/pub/app/:rw'],
    ['/pub/app/:w', '/pub/app/:w'],
    ['  /pub/app/:r ,\t/pub/foo.txt:w\n', '/pub/app/:r,/pub/foo.txt:w'],
    // Repeated entries stay, in order: the SDK only normalizes each entry's actions.
    ['/a:r,/a:r,/a:w', '/a:r,/a:r,/a:w'],
    // No actions at all is a valid (empty) grant to the SDK.
    ['/a:', '/a:'],
    // Rust trims U+0085; it does not trim U+FEFF.
    ['\u0085/a:r\u3000', '/a:r'],
    ['/caf\u00e9 app/:r', '/caf\u00e9 app/:r'],
    ['/\ud800:r', '/\ufffd:r'],
  ])('%j normalizes to %j', (input, expected) => {
    expect(validateCapabilities(input)).toBe(expected)
  })

  test.each([
    ['pub/app/:rw', ['pub/app/:rw']],
    ['/pub/app/', ['/pub/app/']],
    ['/a:r:w', ['/a:r:w']],
    ['/a:R', ['/a:R']],
    ['/a:rx, b:w ,/ok:r, :r', ['/a:rx', 'b:w', ':r']],
    ['\ufeff/a:r', ['\ufeff/a:r']],
  ])('%j is refused, naming %j', (input, entries) => {
    let thrown: unknown
    try {
      validateCapabilities(input)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InvalidCapabilitiesError)
    const error = thrown as InvalidCapabilitiesError
    expect({ name: error.name, message: error.message, data: error.data }).toStrictEqual({
      name: 'InvalidInput',
      message: `Invalid capability entries: ${entries.join(', ')}`,
      data: { invalidEntries: entries },
    })
  })

  test('a value that is not a string is a TypeError', () => {
    expect(() => validateCapabilities(42 as unknown as string)).toThrow(new TypeError('jwt-hooks: capabilities must be a string'))
  })
})
