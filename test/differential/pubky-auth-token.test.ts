import { AuthToken } from '@synonymdev/pubky'
import fc from 'fast-check'

import { verifyPubkyAuthToken } from '../../src/login/pubky/verify-pubky-auth-token'
import { buildAuthToken, newSigner, type TokenParts } from '../support/pubky-auth-token'

// verifyPubkyAuthToken against @synonymdev/pubky 0.6.0's AuthToken.verify, the reference, on
// hand-made tokens signed properly and then varied. The SDK reads the real clock and allows 45
// seconds either way (pubky-core today allows 3 minutes, our default), so ours runs with 45 s
// here, and timestamps stay well away from the bounds.

const SDK_WINDOW_MS = 45_000
type Outcome = { ok: true; publicKey: string; capabilities: string } | { ok: false }

function sdk(bytes: Uint8Array): Outcome {
  try {
    const token = AuthToken.verify(bytes)
    return { ok: true, publicKey: token.publicKey.z32(), capabilities: token.capabilities.join(',') }
  } catch {
    return { ok: false }
  }
}

function ours(bytes: Uint8Array): Outcome {
  const result = verifyPubkyAuthToken(bytes, Date.now(), SDK_WINDOW_MS)
  return result.ok ? { ok: true, publicKey: result.token.publicKey, capabilities: result.token.capabilities } : { ok: false }
}

const signers = [newSigner(), newSigner()]
const nowUs = () => BigInt(Date.now()) * 1000n
const capsText = fc.oneof(
  fc.array(fc.constantFrom('/', '/pub/', 'app/', ':', ':r', ':w', ':rw', ':wr', ',', ' ', 'x', '\u00e9', '\ufeff', '\u{1f600}', '\u0085'), { maxLength: 12 }).map((p) => p.join('')),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
)
// Offsets in seconds: inside the window by 15 s or more, or outside it by 15 s or more.
const offsetS = fc.constantFrom(-3600, -200, -60, -30, 0, 30, 60, 200, 3600)

describe('AuthToken verification matches @synonymdev/pubky 0.6.0 on properly signed tokens', () => {
  test('any capabilities, timestamps inside and outside the window: same verdict, key and capabilities', () => {
    fc.assert(
      fc.property(fc.constantFrom(...signers), capsText, offsetS, (signer, capabilities, offset) => {
        const bytes = buildAuthToken(signer, { timestamp: nowUs() + BigInt(offset) * 1_000_000n, capabilities })
        const expected = sdk(bytes)
        expect(ours(bytes)).toStrictEqual(expected)
        expect(expected.ok).toBe(Math.abs(offset) < 45)
      }),
      {
        seed: 0x7075626b,
        numRuns: 1500,
        examples: ['\ufeff/a:r', '/a:r,\ufeff/b:w', ' /a:r', '/a/:r,/a/b:w,/a/:w', '/a:,/:r', ''].map((caps) => [signers[0], caps, 0]),
      },
    )
  })

  test('raw capability bytes (not always UTF-8): same verdict', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (capabilityBytes) => {
        const bytes = buildAuthToken(signers[0], { timestamp: nowUs(), capabilityBytes })
        expect(ours(bytes)).toStrictEqual(sdk(bytes))
      }),
      { seed: 0x7075626b, numRuns: 1000 },
    )
  })

  test('any single byte changed after signing: refused by both, but for the namespace\'s first byte', () => {
    const bytes = buildAuthToken(signers[0], { timestamp: nowUs(), capabilities: '/pub/app/:rw' })
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const tampered = Uint8Array.from(bytes)
        tampered[at] ^= mask
        // Byte 74 is the version: the SDK panics there ("unreachable"), which is a refusal too.
        expect(ours(tampered)).toStrictEqual({ ok: false })
        if (at !== 64) expect(sdk(tampered)).toStrictEqual({ ok: false })
      }),
      { seed: 0x7075626b, numRuns: 1000 },
    )
  })
})

describe('where ours is stricter than @synonymdev/pubky 0.6.0 (the SDK accepts these; no honest signer writes them)', () => {
  const now = nowUs()
  const identity = Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex')
  const CASES: Array<[string, () => Uint8Array]> = [
    ['the first namespace byte, which is not signed', () => {
      const bytes = buildAuthToken(signers[0], { timestamp: now })
      bytes[64] = 0x58
      return bytes
    }],
    ['another namespace, signed', () => buildAuthToken(signers[0], { timestamp: now, namespace: 'OTHER:AUTH' })],
    ['trailing bytes, signed', () => buildAuthToken(signers[0], { timestamp: now, trailing: Uint8Array.of(1, 2, 3) })],
    ['an over-long length varint, signed', () => buildAuthToken(signers[0], { timestamp: now, capabilities: '/a:r', lengthBytes: Uint8Array.of(0x84, 0x00) })],
    // With the identity point as the key, R = identity and S = 0 "verify" for any message:
    // no private key at all, and the SDK opens a root session for that key.
    ['small-order key attack: a token forged with no private key', () => {
      const bytes = buildAuthToken(signers[0], { timestamp: now, publicKey: identity, capabilities: '/:rw' })
      bytes.set(identity, 0)
      bytes.fill(0, 32, 64)
      return bytes
    }],
  ]

  test.each(CASES)('%s', (_why, make) => {
    const bytes = make()
    expect([sdk(bytes).ok, ours(bytes)]).toStrictEqual([true, { ok: false }])
  })

  test('version 1: the SDK checks byte 75 (the timestamp) for the version, then panics on byte 74; ours refuses it cleanly', () => {
    const bytes = buildAuthToken(signers[0], { timestamp: now, version: 1 })
    expect(() => AuthToken.verify(bytes)).toThrow('unreachable')
    expect(verifyPubkyAuthToken(bytes, Date.now())).toStrictEqual({ ok: false, problem: 'version', message: 'Unknown AuthToken version.' })
  })

  test('the window: 45 s in the SDK, 3 minutes in pubky-core and in ours by default', () => {
    const bytes = buildAuthToken(signers[0], { timestamp: nowUs() - 100_000_000n })
    expect([sdk(bytes).ok, verifyPubkyAuthToken(bytes, Date.now()).ok, ours(bytes).ok]).toStrictEqual([false, true, false])
  })

  test('the parts a token is built of are what the SDK reads (sanity of the builder)', () => {
    const parts: TokenParts = { timestamp: nowUs(), capabilities: '/pub/x/:wr,/pub/x/y:r' }
    expect(sdk(buildAuthToken(signers[1], parts))).toStrictEqual(ours(buildAuthToken(signers[1], parts)))
    expect(sdk(buildAuthToken(signers[1], parts))).toMatchObject({ ok: true, capabilities: '/pub/x/:rw' })
  })
})
