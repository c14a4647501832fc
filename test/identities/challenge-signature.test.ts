import { PrivateKey } from '@textile/crypto'

import { createChallengeNonce } from '../../src/login/challenge/create-challenge-nonce'
import { createChallengeText } from '../../src/login/challenge/create-challenge-text'
import { parseChallengeText } from '../../src/login/challenge/parse-challenge-text'
import { decodeSignature } from '../../src/login/identity/decode-signature'
import { parsePublicKey } from '../../src/login/identity/parse-public-key'
import { verifySignature } from '../../src/login/identity/verify-signature'

// A Textile identity signs the UTF-8 bytes of the challenge text; the signature holds for that
// text only: another host, key, capability set, nonce or expiry makes it worthless.

describe('challenge text signed by a @textile/crypto identity', () => {
  const identity = PrivateKey.fromRandom()
  const key = parsePublicKey(identity.public.toString())
  const fields = { host: 'example.com', publicKeyZ32: key.z32, caps: '/pub/example.com/:r', nonce: createChallengeNonce(), expiresAt: new Date('2030-01-01T00:05:00.000Z') }
  const text = createChallengeText(fields)

  test('verifies for the text it signed, sent as base64url or hex', async () => {
    const signature = Buffer.from(await identity.sign(new TextEncoder().encode(text)))
    expect(verifySignature(key, text, decodeSignature(signature.toString('base64url')))).toBe(true)
    expect(verifySignature(key, text, decodeSignature(signature.toString('hex')))).toBe(true)
  })

  const tampered = {
    'other capabilities': { caps: '/pub/example.com/:rw' },
    'another host': { host: 'evil.example' },
    'a later expiry': { expiresAt: new Date('2031-01-01T00:05:00.000Z') },
    'another nonce': { nonce: createChallengeNonce() },
    'another key': { publicKeyZ32: parsePublicKey(PrivateKey.fromRandom().public.toString()).z32 },
  }
  test.each(Object.entries(tampered))('refused for a text with %s', async (_why, change) => {
    const signature = await identity.sign(new TextEncoder().encode(text))
    const other = createChallengeText({ ...fields, ...change })
    expect(parseChallengeText(other)).toStrictEqual({ ...fields, ...change })
    expect(verifySignature(key, other, signature)).toBe(false)
  })
})
