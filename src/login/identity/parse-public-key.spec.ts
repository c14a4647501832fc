import { generateKeyPairSync, sign } from 'node:crypto'

import { BASE_32_LOWER, encodeBase32, Z_BASE_32 } from './base32'
import { decodeSignature } from './decode-signature'
import { parsePublicKey } from './parse-public-key'
import { PublicKeyError } from './public-key-error'
import { verifySignature } from './verify-signature'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
const z32 = encodeBase32(raw, Z_BASE_32)
const FORMS = {
  z32,
  pubky: `pubky${z32}`,
  textile: `b${encodeBase32(Buffer.concat([Buffer.from('08011220', 'hex'), raw]), BASE_32_LOWER)}`,
  base64url: raw.toString('base64url'),
  pem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
  'pem, CRLF and no final newline': (publicKey.export({ format: 'pem', type: 'spki' }) as string).trim().replace(/\n/g, '\r\n'),
}

function refusal(input: unknown): { problem: string; message: string } | 'accepted' {
  try {
    parsePublicKey(input as string)
    return 'accepted'
  } catch (error) {
    expect(error).toBeInstanceOf(PublicKeyError)
    const { problem, message } = error as PublicKeyError
    return { problem, message }
  }
}

describe('parsePublicKey', () => {
  test.each(Object.entries(FORMS))('%s: one key, one z32, and node:crypto verifies with it', (_form, input) => {
    const key = parsePublicKey(input)
    expect({ z32: key.z32, bytes: Buffer.from(key.bytes).toString('hex') }).toStrictEqual({ z32, bytes: raw.toString('hex') })
    const signature = sign(null, Buffer.from('hello'), privateKey)
    expect(verifySignature(key, 'hello', signature)).toBe(true)
    expect(verifySignature(key, 'hellO', signature)).toBe(false)
    expect(verifySignature(key, 'hello', decodeSignature(signature.toString('hex')))).toBe(true)
  })

  const smallOrder = Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex')
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }) as string
  const x25519 = generateKeyPairSync('x25519').publicKey.export({ format: 'pem', type: 'spki' }) as string
  const secp = `b${encodeBase32(Buffer.concat([Buffer.from('08021220', 'hex'), raw]), BASE_32_LOWER)}`
  const FORMAT = expect.stringMatching(/^The public key is not in a known form: expected z-base-32/)
  test.each([
    ['not a string', 42, 'type', 'The public key must be a string.'],
    ['empty', '', 'format', FORMAT],
    ['too short', z32.slice(1), 'format', FORMAT],
    ['huge', 'a'.repeat(100_000), 'format', FORMAT],
    ['z32 upper case', z32.toUpperCase(), 'format', expect.stringMatching(/^The public key is not valid z-base-32/)],
    ['z32 with trailing bits set', z32.slice(0, 51) + Z_BASE_32[Z_BASE_32.indexOf(z32[51]) ^ 1], 'format', expect.stringMatching(/z-base-32/)],
    ['z32 with pubky://', `pubky://${z32}`, 'format', FORMAT],
    ['z32 with a space', ` ${z32}`.slice(0, 52), 'format', expect.stringMatching(/z-base-32/)],
    ['base64url with padding', `${raw.toString('base64url')}=`, 'format', FORMAT],
    ['base64 (not url)', raw.toString('base64').slice(0, 43).replace(/./, '+'), 'format', expect.stringMatching(/base64url/)],
    ['textile with another key type', secp, 'keyType', 'The Textile identity is not an Ed25519 key.'],
    ['textile upper case', FORMS.textile.toUpperCase(), 'format', FORMAT],
    ['PEM of an RSA key', rsa, 'keyType', 'The PEM public key is not an Ed25519 key.'],
    ['PEM of an X25519 key', x25519, 'keyType', 'The PEM public key is not an Ed25519 key.'],
    ['PEM of the private key', privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 'privateKey', 'This is a private key: send the public key only.'],
    ['PEM with junk after it', `${FORMS.pem}junk`, 'format', 'The PEM is not an SPKI public key ("-----BEGIN PUBLIC KEY-----").'],
    ['PEM with a bad body', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'format', expect.stringMatching(/^The PEM is not/)],
    ['small order, as z32', encodeBase32(smallOrder, Z_BASE_32), 'smallOrder', 'The public key is a small-order Ed25519 point, for which anyone can make signatures.'],
    ['small order, as base64url', smallOrder.toString('base64url'), 'smallOrder', expect.stringMatching(/small-order/)],
    ['y >= p', Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex').toString('base64url'), 'nonCanonical', 'The public key is not the canonical encoding of an Ed25519 point.'],
    ['not on the curve', encodeBase32(Buffer.from('02'.padEnd(64, '0'), 'hex'), Z_BASE_32), 'notOnCurve', 'The public key is not a point on the Ed25519 curve.'],
  ])('%s is refused', (_why, input, problem, message) => {
    expect(refusal(input)).toStrictEqual({ problem, message })
  })

  test('a refusal never repeats the input', () => {
    const secret = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    const { message } = refusal(secret) as { message: string }
    expect(message.includes(secret.split('\n')[1])).toBe(false)
  })
})
