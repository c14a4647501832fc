import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'

import { Keypair, PublicKey as PubkyPublicKey } from '@synonymdev/pubky'
import { PrivateKey, PublicKey as TextilePublicKey } from '@textile/crypto'

import { decodeSignature } from '../../src/login/identity/decode-signature'
import { parsePublicKey } from '../../src/login/identity/parse-public-key'
import { verifySignature } from '../../src/login/identity/verify-signature'

// Keys made by the seed clients themselves: every form of one key gives the same sub, and
// signatures the clients make verify on node:crypto with the parsed key.

const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const spkiPem = (raw: Uint8Array) =>
  `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]).toString('base64')}\n-----END PUBLIC KEY-----\n`

/** The forms of one key that need no Pubky client: Textile's, base64url and PEM SPKI. */
function otherFormsOf(raw: Uint8Array): Record<string, string> {
  return {
    'textile public.toString()': new TextilePublicKey(raw).toString(),
    base64url: Buffer.from(raw).toString('base64url'),
    'PEM SPKI': spkiPem(raw),
  }
}

describe('public keys from @synonymdev/pubky: Keypair, z32(), toString()', () => {
  test.each(Array.from({ length: 5 }, (_, i) => i))('keypair %i: every form gives the SDK\'s z32 as sub', () => {
    const keypair = Keypair.random()
    const forms = [keypair.publicKey.z32(), keypair.publicKey.toString(), ...Object.values(otherFormsOf(keypair.publicKey.toUint8Array()))]
    expect(keypair.publicKey.toString()).toBe(`pubky${keypair.publicKey.z32()}`)
    expect(forms.map((form) => parsePublicKey(form).z32)).toStrictEqual(Array(5).fill(keypair.publicKey.z32()))
  })

  test('a signature by the keypair\'s seed verifies on the key parsed from the SDK\'s z32', () => {
    const { privateKey } = generateKeyPairSync('ed25519')
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16)
    const keypair = Keypair.fromSecret(Uint8Array.from(seed))
    const signer = createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, Buffer.from(keypair.secret())]), format: 'der', type: 'pkcs8' })
    const signature = sign(null, Buffer.from('sign in to example.com'), signer)
    const key = parsePublicKey(keypair.publicKey.z32())
    expect([verifySignature(key, 'sign in to example.com', signature), verifySignature(key, 'sign in to example.org', signature)]).toStrictEqual([true, false])
  })
})

describe('public keys from @textile/crypto: PrivateKey, public.toString(), sign()', () => {
  test.each(Array.from({ length: 5 }, (_, i) => i))('identity %i: every form gives one sub, and its signatures verify', async () => {
    const identity = PrivateKey.fromRandom()
    const forms = otherFormsOf(identity.public.pubKey)
    expect(forms['textile public.toString()']).toBe(identity.public.toString())
    const subs = new Set(Object.values(forms).map((form) => parsePublicKey(form).z32))
    expect(subs.size).toBe(1)
    // The Pubky client reads that sub as the same 32 bytes, and writes it back unchanged.
    const [sub] = subs
    const pubky = PubkyPublicKey.from(sub)
    expect([pubky.z32(), Buffer.from(pubky.toUint8Array()).equals(Buffer.from(identity.public.pubKey))]).toStrictEqual([sub, true])

    const challenge = Buffer.from('example.com wants you to sign in with your Ed25519 key')
    const signature = await identity.sign(challenge)
    const key = parsePublicKey(identity.public.toString())
    expect(verifySignature(key, challenge, signature)).toBe(true)
    expect(verifySignature(key, challenge, decodeSignature(Buffer.from(signature).toString('base64url')))).toBe(true)
    expect(verifySignature(key, Buffer.from('another text'), signature)).toBe(false)
    expect(verifySignature(parsePublicKey(PrivateKey.fromRandom().public.toString()), challenge, signature)).toBe(false)
  })

  test('the Textile client reads back the identity string parsePublicKey accepted', () => {
    const identity = PrivateKey.fromRandom()
    const key = parsePublicKey(identity.public.toString())
    expect(Buffer.from(TextilePublicKey.fromString(identity.public.toString()).pubKey).equals(Buffer.from(key.bytes))).toBe(true)
  })
})

describe('low-order key attack: a key anyone can sign for is refused before node:crypto sees it', () => {
  const identity = Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex')
  test('node:crypto alone accepts R = identity, S = 0 for any message under the identity key', () => {
    const keyObject = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), identity]), format: 'der', type: 'spki' })
    expect(verify(null, Buffer.from('anything at all'), keyObject, Buffer.concat([identity, Buffer.alloc(32)]))).toBe(true)
  })

  test.each(Object.entries({ base64url: identity.toString('base64url'), textile: new TextilePublicKey(identity).toString(), pem: spkiPem(identity) }))(
    'as %s it is refused with a clear description',
    (_form, input) => {
      expect(() => parsePublicKey(input)).toThrow('The public key is a small-order Ed25519 point, for which anyone can make signatures.')
    },
  )
})
