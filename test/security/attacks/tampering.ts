import { BAD_ALGORITHM, BAD_SIGNATURE } from '../../support/answers'
import { segment } from '../support/forge'
import { tokenFor } from '../../support/keys'
import type { Attack } from './attack'

const split = (token: string) => {
  const [header, payload, signature] = token.split('.')
  return { header, payload, signature }
}
const decoded = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString())

/** Any change to the signed bytes after signing: the signature no longer covers them. */
export const TAMPERING: Attack = {
  name: 'tampered token: header, payload or signature changed after signing',
  cases: (kind) => {
    const original = tokenFor(kind, { sub: '1', role: 'user' })
    const other = tokenFor(kind, { sub: '2', role: 'admin' })
    const { header, payload, signature } = split(original)
    // EdDSA has no stronger sibling here: Ed448 is no algorithm jwt-hooks verifies.
    const stronger = kind.name === 'EdDSA' ? 'Ed448' : kind.algorithm.replace('256', '384')
    const cases = [
      {
        title: 'payload claim changed (role user → root)',
        token: () => `${header}.${segment({ ...decoded(payload), role: 'root' })}.${signature}`,
        expected: BAD_SIGNATURE,
      },
      {
        title: 'payload with one claim added',
        token: () => `${header}.${segment({ ...decoded(payload), admin: true })}.${signature}`,
        expected: BAD_SIGNATURE,
      },
      {
        title: 'header with a kid added',
        token: () => `${segment({ ...decoded(header), kid: '1' })}.${payload}.${signature}`,
        expected: BAD_SIGNATURE,
      },
      {
        title: 'payload of another genuine token under this signature (splicing)',
        token: () => `${header}.${split(other).payload}.${signature}`,
        expected: BAD_SIGNATURE,
      },
      {
        title: 'signature of another genuine token',
        token: () => `${header}.${payload}.${split(other).signature}`,
        expected: BAD_SIGNATURE,
      },
      {
        title: 'one signature character changed in the middle',
        token: () => `${header}.${payload}.${flipMiddle(signature)}`,
        expected: BAD_SIGNATURE,
      },
      {
        title: `header alg changed to ${stronger}`,
        token: () => `${segment({ ...decoded(header), alg: stronger })}.${payload}.${signature}`,
        // With a P-256 key and the default algorithms, ES384 meets jsonwebtoken's curve check, which
        // throws instead of refusing: only the pinned route, which refuses ES384 first, is run here.
        expected:
          kind.name === 'ES256'
            ? { pinned: BAD_ALGORITHM }
            : kind.name === 'EdDSA'
              ? BAD_ALGORITHM
              : { default: BAD_SIGNATURE, pinned: BAD_ALGORITHM, optional: BAD_SIGNATURE },
      },
    ]
    // jwa throws on an ECDSA signature of the wrong length instead of refusing it: HS and RS only.
    if (kind.name !== 'ES256') {
      cases.push({ title: 'signature cut short', token: () => `${header}.${payload}.${signature.slice(0, -8)}`, expected: BAD_SIGNATURE })
    }
    return cases
  },
}

function flipMiddle(signature: string): string {
  const i = signature.length >> 1
  return signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1)
}
