import { constants, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto'

import { verify as verifyJwt } from 'jsonwebtoken'

import { createTokenSigner } from './create-token-signer'

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes!'
const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString()
const parts = (token: string) => token.split('.')
const json = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))

describe('createTokenSigner', () => {
  test('a secret: HS256, no kid (a secret is never in a key set), the claims as given; jsonwebtoken verifies it', () => {
    const signer = createTokenSigner({ secretOrPublicKey: SECRET, privateKey: undefined, algorithm: undefined })
    const token = signer.sign({ sub: '1', sid: 's', iat: 100, exp: 200 })
    expect([signer.algorithm, signer.kid, json(parts(token)[0])]).toStrictEqual(['HS256', undefined, { alg: 'HS256', typ: 'JWT' }])
    expect(verifyJwt(token, SECRET, { algorithms: ['HS256'], ignoreExpiration: true })).toStrictEqual({ sub: '1', sid: 's', iat: 100, exp: 200 })
  })

  test.each([
    { name: 'EdDSA (Ed25519)', pair: generateKeyPairSync('ed25519'), algorithm: undefined, expected: 'EdDSA' },
    { name: 'RS256', pair: generateKeyPairSync('rsa', { modulusLength: 2048 }), algorithm: undefined, expected: 'RS256' },
    { name: 'PS384', pair: generateKeyPairSync('rsa', { modulusLength: 2048 }), algorithm: 'PS384', expected: 'PS384' },
    { name: 'ES512', pair: generateKeyPairSync('ec', { namedCurve: 'secp521r1' }), algorithm: undefined, expected: 'ES512' },
  ])('$name: the kid is the public key\'s RFC 7638 thumbprint; the signature verifies on node:crypto', ({ pair, algorithm, expected }) => {
    const signer = createTokenSigner({ secretOrPublicKey: pem(pair.publicKey), privateKey: pem(pair.privateKey), algorithm })
    const token = signer.sign({ sub: 'x' })
    const [header, payload, signature] = parts(token)
    expect(json(header)).toStrictEqual({ alg: expected, typ: 'JWT', kid: signer.kid })
    expect(json(payload)).toStrictEqual({ sub: 'x' })
    const input = Buffer.from(`${header}.${payload}`)
    const bytes = Buffer.from(signature, 'base64url')
    const key = createPublicKey(pem(pair.publicKey))
    const ok =
      expected === 'EdDSA'
        ? verify(null, input, key, bytes)
        : expected.startsWith('PS')
          ? verify('sha384', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, bytes)
          : expected.startsWith('ES')
            ? verify('sha512', input, { key, dsaEncoding: 'ieee-p1363' }, bytes)
            : verify('sha256', input, key, bytes)
    expect(ok).toBe(true)
    if (expected !== 'EdDSA') expect(verifyJwt(token, pem(pair.publicKey), { algorithms: [expected as 'RS256'] })).toStrictEqual({ sub: 'x' })
  })

  test('a private key alone (no public key configured) signs; the pair check needs both', () => {
    const { privateKey } = generateKeyPairSync('ed25519')
    expect(createTokenSigner({ secretOrPublicKey: undefined, privateKey: pem(privateKey), algorithm: undefined }).algorithm).toBe('EdDSA')
  })
})
