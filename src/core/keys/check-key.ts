import type { KeyObject } from 'node:crypto'

import type { Algorithm } from 'jsonwebtoken'

// Which algorithm families a key of each type can verify (RFC 7518 §3.1).
const FAMILIES: Record<string, RegExp> = {
  secret: /^HS(256|384|512)$/,
  rsa: /^(RS|PS)(256|384|512)$/,
  'rsa-pss': /^PS(256|384|512)$/,
  ec: /^ES(256|384|512)$/,
}
// RFC 7518 §3.4: each ES algorithm names one curve.
const CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }
// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
const MIN_SECRET_BYTES = 32

/**
 * Checks a key against the algorithms a door allows, once, at setup. The message names where
 * the key came from, never the key itself.
 * @param source where the key came from, for the message (an option name or a config file).
 * @throws TypeError when an allowed algorithm cannot use this key (e.g. RS256 with a secret,
 *   or ES384 with a P-256 key).
 */
export function checkKey(key: KeyObject, algorithms: Algorithm[] | undefined, source: string): void {
  const type = key.type === 'secret' ? 'secret' : (key.asymmetricKeyType ?? 'unknown')
  const family = FAMILIES[type]
  if (family === undefined) throw new TypeError(`jwt-hooks: ${source}: ${describeKey(key)} is not supported`)
  const curve = key.asymmetricKeyDetails?.namedCurve
  const misfits = (algorithms ?? []).filter(
    (algorithm) => !family.test(algorithm) || (type === 'ec' && CURVES[algorithm] !== curve),
  )
  if (misfits.length > 0) {
    throw new TypeError(`jwt-hooks: ${source}: ${describeKey(key)} cannot verify ${misfits.join(', ')} (see "algorithms")`)
  }
  if (type === 'secret' && (key.symmetricKeySize ?? 0) < MIN_SECRET_BYTES) {
    console.warn(
      `jwt-hooks: ${source}: the secret is ${key.symmetricKeySize} bytes; HS256 wants at least ${MIN_SECRET_BYTES} (RFC 7518 §3.2)`,
    )
  }
}

/** `a secret`, `an RSA key`, `an EC key on curve prime256v1`…: what the key is, never what it holds. */
function describeKey(key: KeyObject): string {
  if (key.type === 'secret') return 'a secret'
  const type = key.asymmetricKeyType ?? 'unknown'
  const name = NAMES[type] ?? type
  const curve = key.asymmetricKeyDetails?.namedCurve
  return `${/^[AEIORX]/.test(name) ? 'an' : 'a'} ${name} key${type === 'ec' ? ` on curve ${curve}` : ''}`
}

const NAMES: Record<string, string> = { rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448', dsa: 'DSA', dh: 'DH' }
