import { decodeSignature } from './decode-signature'
import { SignatureError } from './signature-error'

const BYTES = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff))

describe('decodeSignature', () => {
  test.each([
    ['base64url', BYTES.toString('base64url')],
    ['hex, lower case', BYTES.toString('hex')],
    ['hex, upper case', BYTES.toString('hex').toUpperCase()],
  ])('%s', (_form, input) => {
    expect(Buffer.from(decodeSignature(input)).equals(BYTES)).toBe(true)
  })

  test.each([
    ['base64url with padding', `${BYTES.toString('base64url')}==`],
    ['standard base64', BYTES.toString('base64')],
    ['base64url with unused bits set', BYTES.toString('base64url').slice(0, 85) + 'B'],
    ['base64url of 63 bytes', BYTES.subarray(1).toString('base64url')],
    ['hex of 63 bytes', BYTES.subarray(1).toString('hex')],
    ['hex with a non-hex digit', `${BYTES.toString('hex').slice(0, 127)}g`],
    ['empty', ''],
    ['not a string', 42],
  ])('%s is refused', (_why, input) => {
    expect(() => decodeSignature(input as string)).toThrow(
      new SignatureError(),
    )
  })
})
