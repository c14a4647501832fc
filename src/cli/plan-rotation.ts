import { configuredKeys } from '../config/configured-keys'
import { KEY_NAME, KEYS_NAME, type JwtConfig } from '../config/jwt-config'
import { durationSeconds } from '../config/duration-seconds'
import { rawKeySet } from '../config/raw-key-set'
import type { Algorithm } from '../core/jws/algorithms'
import { jwkThumbprint } from '../core/keys/jwk-thumbprint'
import { currentSigner } from './current-signer'
import { generateKeyPair } from './generate-key-pair'
import { pruneKeys, retireKey, type KeptJwk } from './retired-keys'

export const PRIVATE_KEY_NAME = 'settings.jwt.privateKey'
export const ALGORITHM_NAME = 'settings.jwt.algorithm'

/** What rotate-key sets, and what it did to the key set. */
export interface RotationPlan {
  /** The settings to write, by config key (`settings.jwt.privateKey`), in order; none: nothing to do. */
  values: { key: string; value: string }[]
  created?: { kid: string; algorithm: Algorithm }
  /** The key that signed until now, and until when it keeps verifying. */
  retired?: { kid: string; keepUntil: string }
  /** Keys taken out of the set: their `keepUntil` has passed. */
  dropped: { kid: string; keepUntil: string }[]
  /** The .json file the set was read from, when it was named by a path: the new set is written in its place. */
  keysFile?: string
}

export interface RotationOptions {
  /** The new key's algorithm: default the current key's, EdDSA when there is none. */
  algorithm?: Algorithm
  /** Only take out of the set the keys whose time has passed: no new key. */
  prune: boolean
  now: number
}

/**
 * Plans a rotation from the configuration as the servers read it: a new key pair, the key that
 * signed until now retired into `settings.jwt.keys` (kept until `settings.jwt.expiresIn` from now:
 * the longest a token it signed lives, an access token never outliving it), and the keys of the
 * set whose `keepUntil` has passed taken out. Nothing is written here.
 * @throws CliError, ConfigError or TypeError (see currentSigner) when there is nothing to rotate safely.
 */
export function planRotation(config: JwtConfig, cwd: string, { algorithm, prune, now }: RotationOptions): RotationPlan {
  // Pruning makes no key, so it needs no pair to rotate: only a configuration the servers read.
  if (prune) configuredKeys(config, cwd)
  const signer = prune ? undefined : currentSigner(config, cwd)
  const raw = config.keys === undefined ? undefined : rawKeySet(config.keys, config.keysSource!, cwd)
  const previous = (raw?.jwks as { keys: KeptJwk[] } | undefined)?.keys
  const keysFile = typeof config.keys === 'string' && raw?.file !== config.keysSource ? config.keys : undefined
  const { kept, dropped } = pruneKeys(previous ?? [], now)
  const gone = dropped.map((jwk) => ({ kid: String(jwk.kid), keepUntil: String(jwk.keepUntil) }))
  const keySet = (keys: KeptJwk[]) => ({ key: KEYS_NAME, value: JSON.stringify({ keys }) })
  if (prune) return { values: dropped.length === 0 ? [] : [keySet(kept)], dropped: gone, keysFile }

  const alg = algorithm ?? signer?.algorithm ?? 'EdDSA'
  const pair = generateKeyPair(alg)
  const values = [
    { key: PRIVATE_KEY_NAME, value: pair.privateKey },
    { key: KEY_NAME, value: pair.publicKey },
    { key: ALGORITHM_NAME, value: alg },
  ]
  const created = { kid: jwkThumbprint(pair.key), algorithm: alg }
  if (signer === undefined) return { values: previous === undefined ? values : [...values, keySet(kept)], created, dropped: gone, keysFile }
  const retired = retireKey(kept, signer.publicJwk!, now, durationSeconds(config.expiresIn))
  return { values: [...values, keySet(retired.keys)], created, retired: { kid: signer.kid!, keepUntil: retired.keepUntil }, dropped: gone, keysFile }
}
