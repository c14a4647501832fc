import type { KeyObject } from 'node:crypto'

const NAMES: Record<string, string> = { rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448', dsa: 'DSA', dh: 'DH' }

/**
 * `a secret`, `an RSA key`, `an EC key on curve prime256v1`…: what a key is, for setup messages
 * of the verifier and the signer alike, never what it holds.
 */
export function describeKey(key: KeyObject): string {
  if (key.type === 'secret') return 'a secret'
  const type = key.asymmetricKeyType ?? 'unknown'
  const name = NAMES[type] ?? type
  const curve = key.asymmetricKeyDetails?.namedCurve
  return `${/^[AEIORX]/.test(name) ? 'an' : 'a'} ${name} key${type === 'ec' ? ` on curve ${curve}` : ''}`
}
