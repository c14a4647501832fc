import { createHash, createPublicKey, type KeyObject } from 'node:crypto'

// RFC 7638 §3.2: the required members of each key type, in lexicographic order.
const MEMBERS: Record<string, readonly string[]> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of an asymmetric key's public half: a `kid`
 * that names the key and nothing else, the same wherever it is computed.
 * @param key a public or private key (RSA, EC or OKP).
 * @throws TypeError for a secret or a key type JWK has no members for.
 */
export function jwkThumbprint(key: KeyObject): string {
  if (key.type === 'secret') throw new TypeError('jwt-hooks: a secret has no public JWK to take a thumbprint of')
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' }) as Record<string, string>
  const members = MEMBERS[jwk.kty]
  if (members === undefined) throw new TypeError(`jwt-hooks: no JWK thumbprint for a key of type ${jwk.kty}`)
  // No whitespace, members in this order: JSON.stringify of an object built in this order is exactly that.
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])))
  return createHash('sha256').update(canonical).digest('base64url')
}
