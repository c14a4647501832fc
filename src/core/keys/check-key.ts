import type { KeyObject } from 'node:crypto'

import { algorithmsFor, type Algorithm } from '../jws/algorithms'
import { describeKey } from './describe-key'
import type { VerificationKey } from './key-resolver'

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
const MIN_SECRET_BYTES = 32

/**
 * Checks a key against the algorithms a door allows, once, at setup. The message names where
 * the key came from, never the key itself.
 * @param algorithms `verifyOptions.algorithms`, if set.
 * @param alone whether it is the door's only key: then every algorithm allowed must fit it; a key
 *   of a set need fit only one (the set's other keys verify the others).
 * @throws TypeError for a key type no algorithm takes, or algorithms it cannot verify (RS256 with a
 *   secret, ES384 with a P-256 key, PS256 with a JWK whose `alg` is RS256).
 */
export function checkKey({ key, alg, source }: VerificationKey, algorithms: readonly Algorithm[] | undefined, alone: boolean): void {
  const fits = algorithmsFor(key)
  if (fits.length === 0) throw new TypeError(`jwt-hooks: ${source}: ${describeKey(key)} is not supported`)
  const usable = alg === undefined ? fits : [alg]
  const misfits = (algorithms ?? []).filter((algorithm) => !usable.includes(algorithm))
  if (misfits.length > 0 && (alone || misfits.length === algorithms!.length)) {
    const pinned = alg === undefined ? '' : ` (its "alg" is ${alg})`
    const which = alone ? misfits.join(', ') : `any of ${misfits.join(', ')}`
    throw new TypeError(`jwt-hooks: ${source}: ${describeKey(key)}${pinned} cannot verify ${which} (see "algorithms")`)
  }
  if (key.type === 'secret' && (key.symmetricKeySize ?? 0) < MIN_SECRET_BYTES) {
    console.warn(
      `jwt-hooks: ${source}: the secret is ${key.symmetricKeySize} bytes; HS256 wants at least ${MIN_SECRET_BYTES} (RFC 7518 §3.2)`,
    )
  }
}
