import { generateKeyPairSync, sign } from 'node:crypto'

import { canonical } from './fingerprint'

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url')
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const ed25519 = generateKeyPairSync('ed25519').privateKey
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey

function signed(alg: 'EdDSA' | 'ES256', sub: string): { token: string; signature: Buffer } {
  const input = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64(JSON.stringify({ sub }))}`
  const signature = alg === 'EdDSA' ? sign(null, Buffer.from(input), ed25519) : sign('sha256', Buffer.from(input), { key: p256, dsaEncoding: 'ieee-p1363' })
  return { token: `${input}.${b64(signature)}`, signature }
}

// The second half of a signature read as a big-endian number, as the P-256 rule reads S.
const highHalf = (signature: Buffer) => BigInt(`0x${signature.toString('hex', 32)}`) > P256_ORDER >> 1n

describe('canonical: the ECDSA re-spelling is asked of the alg, never inferred from the length', () => {
  test('a 64-byte Ed25519 signature is left as it is, even where a P-256 reading would flip its second half', () => {
    // About one signature in two has a second half above n/2; look until one does.
    let found: { token: string; signature: Buffer } | undefined
    for (let i = 0; found === undefined; i++) {
      const candidate = signed('EdDSA', String(i))
      if (highHalf(candidate.signature)) found = candidate
    }
    expect(canonical(found.token)).toBe(found.token)
  })

  test('an ES256 signature and its (r, n − s) twin have one spelling', () => {
    const { token, signature } = signed('ES256', '1')
    const s = BigInt(`0x${signature.toString('hex', 32)}`)
    const twin = Buffer.concat([signature.subarray(0, 32), Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex')])
    const respelled = `${token.slice(0, token.lastIndexOf('.') + 1)}${b64(twin)}`
    expect(canonical(respelled)).toBe(canonical(token))
    expect([token, respelled]).toContain(canonical(token))
  })
})
