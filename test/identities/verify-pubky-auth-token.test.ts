import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { encodeBase32, Z_BASE_32 } from '../../src/login/identity/base32'
import { PUBKY_AUTH_TOKEN_MAX_BYTES, verifyPubkyAuthToken } from '../../src/login/pubky/verify-pubky-auth-token'

const NOW = 1_900_000_000_000
const NOW_US = BigInt(NOW) * 1000n
const signer = newSigner()
const WINDOW_US = 180_000_000n

function failure(bytes: Uint8Array, now = NOW) {
  const result = verifyPubkyAuthToken(bytes, now)
  return result.ok ? 'accepted' : { problem: result.problem, message: result.message }
}

describe('verifyPubkyAuthToken', () => {
  test('a well-formed token: its key as z32, its capabilities as Pubky reads them, its id', () => {
    const bytes = buildAuthToken(signer, { timestamp: NOW_US + 123n, capabilities: '/pub/app/:rw,/pub/app/x:w,/pub/b:wr' })
    const result = verifyPubkyAuthToken(bytes, NOW)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { key, ...token } = result.token
    expect(token).toStrictEqual({
      publicKey: encodeBase32(signer.raw, Z_BASE_32),
      capabilities: '/pub/app/:rw,/pub/b:rw',
      timestamp: NOW_US + 123n,
      timestampMs: NOW,
      replayId: Buffer.concat([Buffer.from((NOW_US + 123n).toString(16).padStart(16, '0'), 'hex'), signer.raw]).toString('hex'),
    })
    expect(key.z32).toBe(token.publicKey)
  })

  test('no capabilities at all', () => {
    const result = verifyPubkyAuthToken(buildAuthToken(signer, { timestamp: NOW_US, capabilities: '' }), NOW)
    expect(result.ok && result.token.capabilities).toBe('')
  })

  test('the window is 3 minutes either way, bounds included', () => {
    const at = (timestamp: bigint) => failure(buildAuthToken(signer, { timestamp }))
    expect([at(NOW_US - WINDOW_US), at(NOW_US + WINDOW_US)]).toStrictEqual(['accepted', 'accepted'])
    expect(at(NOW_US - WINDOW_US - 1n)).toStrictEqual({ problem: 'expired', message: 'The AuthToken has a timestamp more than 180 seconds in the past.' })
    expect(at(NOW_US + WINDOW_US + 1n)).toStrictEqual({ problem: 'future', message: 'The AuthToken has a timestamp more than 180 seconds in the future.' })
    expect(at(0xffffffffffffffffn)).toStrictEqual({ problem: 'future', message: 'The AuthToken has a timestamp more than 180 seconds in the future.' })
    expect(verifyPubkyAuthToken(buildAuthToken(signer, { timestamp: NOW_US - 60_000_000n }), NOW, 45_000)).toStrictEqual({
      ok: false,
      problem: 'expired',
      message: 'The AuthToken has a timestamp more than 45 seconds in the past.',
    })
  })

  const good = buildAuthToken(signer, { timestamp: NOW_US })
  const flipped = (at: number) => {
    const bytes = Uint8Array.from(good)
    bytes[at] ^= 0x01
    return bytes
  }
  const smallOrder = Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex')
  const other = newSigner()
  test.each([
    ['a tampered capability byte', flipped(good.length - 1), 'signature', 'The AuthToken signature does not match its public key.'],
    ['a tampered timestamp byte', flipped(82), 'signature', 'The AuthToken signature does not match its public key.'],
    ['a tampered signature byte', flipped(3), 'signature', 'The AuthToken signature does not match its public key.'],
    ['another key in the token', buildAuthToken(signer, { timestamp: NOW_US, publicKey: other.raw }), 'signature', 'The AuthToken signature does not match its public key.'],
    ['the unsigned first namespace byte changed', flipped(64), 'namespace', 'The AuthToken is not in the PUBKY:AUTH namespace.'],
    ['another namespace', buildAuthToken(signer, { timestamp: NOW_US, namespace: 'PUBKY:AUTX' }), 'namespace', 'The AuthToken is not in the PUBKY:AUTH namespace.'],
    ['version 1', buildAuthToken(signer, { timestamp: NOW_US, version: 1 }), 'version', 'Unknown AuthToken version.'],
    ['a small-order key', buildAuthToken(signer, { timestamp: NOW_US, publicKey: smallOrder }), 'publicKey', 'The public key is a small-order Ed25519 point, for which anyone can make signatures.'],
    ['trailing bytes', buildAuthToken(signer, { timestamp: NOW_US, trailing: Uint8Array.of(0) }), 'malformed', 'The AuthToken capabilities are not well formed.'],
    ['an over-long length', buildAuthToken(signer, { timestamp: NOW_US, capabilities: '/a:r', lengthBytes: Uint8Array.of(0x84, 0x00) }), 'malformed', 'The AuthToken capabilities are not well formed.'],
    ['a length past the end', buildAuthToken(signer, { timestamp: NOW_US, capabilities: '/a:r', lengthBytes: Uint8Array.of(5) }), 'malformed', 'The AuthToken capabilities are not well formed.'],
    ['capabilities not UTF-8', buildAuthToken(signer, { timestamp: NOW_US, capabilityBytes: Uint8Array.of(0x2f, 0xc3) }), 'malformed', 'The AuthToken capabilities are not UTF-8.'],
    ['cut before the capabilities', good.subarray(0, 115), 'malformed', 'The AuthToken is too short.'],
    ['empty', new Uint8Array(0), 'malformed', 'The AuthToken is too short.'],
    ['too large', buildAuthToken(signer, { timestamp: NOW_US, capabilities: `/${'a'.repeat(PUBKY_AUTH_TOKEN_MAX_BYTES)}:r` }), 'malformed', `The AuthToken is larger than ${PUBKY_AUTH_TOKEN_MAX_BYTES} bytes.`],
  ])('refuses %s', (_why, bytes, problem, message) => {
    expect(failure(bytes)).toStrictEqual({ problem, message })
  })

  test('a BOM at the start of the capabilities is kept, as Rust keeps it (then dropped as an invalid entry)', () => {
    const result = verifyPubkyAuthToken(buildAuthToken(signer, { timestamp: NOW_US, capabilities: '\ufeff/a:r,/b:r' }), NOW)
    expect(result.ok && result.token.capabilities).toBe('/b:r')
  })

  test('reads a token inside a larger buffer (a Buffer slice of a pool)', () => {
    const pool = Buffer.concat([Buffer.alloc(7, 1), Buffer.from(good), Buffer.alloc(3)])
    expect(failure(pool.subarray(7, 7 + good.length))).toBe('accepted')
  })

  test('bytes that are not a Uint8Array are a TypeError', () => {
    expect(() => verifyPubkyAuthToken('token' as unknown as Uint8Array, NOW)).toThrow(new TypeError('jwt-hooks: the AuthToken must be a Uint8Array'))
  })
})
