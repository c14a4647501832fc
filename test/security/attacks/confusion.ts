import { constants, createPublicKey, type KeyObject, type SignKeyObjectInput } from 'node:crypto'

import { BAD_ALGORITHM, BAD_SIGNATURE } from '../../support/answers'
import { CLAIMS, ES256, HS256, RS256, signAs } from '../support/forge'
import { ED25519 } from '../../support/keys'
import type { KeyKind } from '../../support/keys'
import type { Attack } from './attack'

/**
 * CVE-2016-10555, CVE-2022-23540: the public key is no secret, so a verifier that lets the
 * header pick HMAC and feeds it the PEM accepts anyone's token.
 */
export const ALG_CONFUSION: Attack = {
  name: 'alg confusion: HS256 signed with the RS256, ES256 or Ed25519 public key as the HMAC secret',
  cases: (kind) => {
    if (kind.name === 'HS256') return []
    const pem = kind.verifyKey
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' })
    const secrets: [string, string | Buffer][] = [
      ['the PEM as configured', pem],
      ['the PEM without its last line break', pem.trimEnd()],
      ['the DER bytes of the key', der],
    ]
    // An Ed25519 public key is 32 bytes, an HMAC-SHA256 key's very size: the raw point too.
    if (kind.name === 'EdDSA') secrets.push(['the 32 raw bytes of the Ed25519 key', Buffer.from(String(createPublicKey(pem).export({ format: 'jwk' }).x), 'base64url')])
    return secrets.flatMap(([what, secret]) =>
      ['HS256', 'HS384', 'HS512'].map((alg) => ({
        title: `${alg} with ${what}`,
        token: () => signAs({ alg, typ: 'JWT' }, CLAIMS, secret),
        expected: BAD_ALGORITHM,
      })),
    )
  },
}

const SIGNERS: { kind: KeyKind; alg: string }[] = [
  { kind: HS256, alg: 'HS256' },
  { kind: RS256, alg: 'RS256' },
  { kind: RS256, alg: 'PS256' },
  { kind: ES256, alg: 'ES256' },
  { kind: ED25519, alg: 'EdDSA' },
]

/**
 * A genuine signature by another family's key: the key type decides the algorithm, not the
 * header (an EdDSA token on an RSA, EC or HMAC route; an RS, PS, ES or HS token on an Ed25519 one).
 */
export const ALG_SUBSTITUTION: Attack = {
  name: 'alg substitution: an ES256 token where RS256 is configured, an EdDSA one on an RSA key, and every other cross-family pair',
  cases: (kind) =>
    SIGNERS.filter((signer) => signer.kind !== kind).map(({ kind: signer, alg }) => ({
      title: `${alg} token signed with a real ${signer.name} key`,
      token: () => signAs({ alg, typ: 'JWT' }, CLAIMS, alg === 'PS256' ? pssKey(signer) : signer.signingKey),
      expected: BAD_ALGORITHM,
    })),
}

// PS256 is RSASSA-PSS: the same RSA key, another padding; node:crypto takes it as a sign option.
function pssKey(kind: KeyKind): SignKeyObjectInput {
  return { key: kind.signingKey as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
}

/** Signed by a key of the right type that is not the configured one. */
export const WRONG_KEY: Attack = {
  name: 'wrong key: a well-formed token signed by another key of the same type',
  cases: (kind) => [
    {
      title: `${kind.algorithm} signed by another key`,
      token: () => signAs({ alg: kind.algorithm, typ: 'JWT' }, CLAIMS, kind.otherSigningKey),
      expected: BAD_SIGNATURE,
    },
  ],
}
