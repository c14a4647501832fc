import type { KeyObject } from 'node:crypto'

import type { Algorithm } from 'jsonwebtoken'

// Which algorithm families a key of each type can verify (RFC 7518 §3.1).
const FAMILIES: Record<string, RegExp> = {
  secret: /^HS(256|384|512)$/,
  rsa: /^(RS|PS)(256|384|512)$/,
  'rsa-pss': /^PS(256|384|512)$/,
  ec: /^ES(256|384|512)$/,
}
// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
const MIN_SECRET_BYTES = 32

/**
 * Checks a key against the algorithms a door allows, once, at setup.
 * @param source where the key came from, for the message (an option name or a config file).
 * @throws TypeError when an allowed algorithm cannot use this key (e.g. RS256 with a secret).
 */
export function checkKey(key: KeyObject, algorithms: Algorithm[] | undefined, source: string): void {
  const type = key.type === 'secret' ? 'secret' : (key.asymmetricKeyType ?? 'unknown')
  const family = FAMILIES[type]
  if (family === undefined) throw new TypeError(`jwt-hooks: ${source}: a ${type} key is not supported`)
  const misfits = (algorithms ?? []).filter((algorithm) => !family.test(algorithm))
  if (misfits.length > 0) {
    throw new TypeError(`jwt-hooks: ${source}: a ${type} key cannot verify ${misfits.join(', ')} (see "algorithms")`)
  }
  if (type === 'secret' && (key.symmetricKeySize ?? 0) < MIN_SECRET_BYTES) {
    console.warn(
      `jwt-hooks: ${source}: the secret is ${key.symmetricKeySize} bytes; HS256 wants at least ${MIN_SECRET_BYTES} (RFC 7518 §3.2)`,
    )
  }
}
