import { generateKeyPairSync, sign as signWith, type KeyObject } from 'node:crypto'

import { sign, type SignOptions } from 'jsonwebtoken'

/** A key pair or secret for one algorithm, and the key the server is configured with. */
export interface KeyKind {
  name: 'HS256' | 'RS256' | 'ES256' | 'EdDSA'
  algorithm: 'HS256' | 'RS256' | 'ES256' | 'EdDSA'
  signingKey: string | KeyObject
  /** What the server verifies with: the secret, or the PEM public key. */
  verifyKey: string
  /** Another key of the same kind, for forged signatures. */
  otherSigningKey: string | KeyObject
}

function pair(type: 'rsa' | 'ec'): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

const rsa = pair('rsa')
const ec = pair('ec')

export const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes!'

export const KEY_KINDS: KeyKind[] = [
  { name: 'HS256', algorithm: 'HS256', signingKey: SECRET, verifyKey: SECRET, otherSigningKey: 'another-secret-of-at-least-thirty-two-bytes' },
  { name: 'RS256', algorithm: 'RS256', signingKey: rsa.privateKey, verifyKey: rsa.publicPem, otherSigningKey: pair('rsa').privateKey },
  { name: 'ES256', algorithm: 'ES256', signingKey: ec.privateKey, verifyKey: ec.publicPem, otherSigningKey: pair('ec').privateKey },
]

const ed25519 = generateKeyPairSync('ed25519')

/**
 * Ed25519 (EdDSA), which jsonwebtoken neither signs nor verifies: kept out of KEY_KINDS, which
 * every door's conformance suite runs; the attack matrix and the key tests take it.
 */
export const ED25519: KeyKind = {
  name: 'EdDSA',
  algorithm: 'EdDSA',
  signingKey: ed25519.privateKey,
  verifyKey: ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  otherSigningKey: generateKeyPairSync('ed25519').privateKey,
}

export const NOW = Math.floor(Date.now() / 1000)

/** Signs claims with explicit iat/exp (one hour from now unless given): time comes from data. */
export function tokenFor(kind: KeyKind, claims: Record<string, unknown> = {}, options: SignOptions = {}, key = kind.signingKey): string {
  const payload = { iat: NOW - 10, exp: NOW + 3600, ...claims }
  if (kind.algorithm === 'EdDSA' && options.algorithm === undefined) return signEdDSA(payload, key as KeyObject, options.keyid)
  return sign(payload, key, { algorithm: kind.algorithm as Exclude<KeyKind['algorithm'], 'EdDSA'>, ...options })
}

// RFC 8037 §3.1, on node:crypto: jsonwebtoken has no EdDSA.
function signEdDSA(claims: Record<string, unknown>, key: KeyObject, kid?: string): string {
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${segment({ alg: 'EdDSA', typ: 'JWT', ...(kid === undefined ? {} : { kid }) })}.${segment(claims)}`
  return `${input}.${signWith(null, Buffer.from(input), key).toString('base64url')}`
}
