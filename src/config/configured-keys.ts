import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'

import type { KeyResolver } from '../core/keys/key-resolver'
import { isKeyError } from '../core/keys/key-error'
import { createKeySet, keySetOf as keySetOfKeys } from '../core/keys/key-set'
import { jwkThumbprint } from '../core/keys/jwk-thumbprint'
import { readKey } from '../core/keys/read-key'
import { createRemoteJwks } from '../core/keys/remote-jwks'
import { staticKeyOf } from '../core/keys/static-key'
import { ConfigError } from './config-error'
import { JWKS_URL_NAME, KEY_NAME, KEYS_NAME, type JwtConfig } from './jwt-config'
import { rawKeySet } from './raw-key-set'

const PRIVATE_KEY_NAME = 'settings.jwt.privateKey'

/**
 * The verification keys the configuration names, read and checked now: `settings.jwt.keys` (a
 * JWKS, with the key `settings.jwt.privateKey` signs with), else `settings.jwt.jwksUrl` (a remote
 * JWKS), else `settings.jwt.secretOrPublicKey`.
 * @returns undefined when none is set.
 * @throws ConfigError naming the key and the file (or variable) for a value that cannot be read:
 *   JSON that does not parse, a file that is missing, a JWKS with a private key…
 */
export function configuredKeys(config: JwtConfig, cwd = process.cwd()): KeyResolver | undefined {
  if (config.keys !== undefined) return withSigningKey(keySetOf(config.keys, config.keysSource!, cwd), config)
  if (config.jwksUrl !== undefined) {
    return asConfigError(JWKS_URL_NAME, config.jwksUrlSource!, () => createRemoteJwks(config.jwksUrl!, {}, `"${JWKS_URL_NAME}" from ${config.jwksUrlSource}`))
  }
  const source = `"${KEY_NAME}" from ${config.secretOrPublicKeySource ?? 'configuration'}`
  const key = readKey(config.secretOrPublicKey, source)
  return key === undefined ? undefined : staticKeyOf(key)
}

/**
 * Key rotation: `settings.jwt.keys` holds the public keys still verified (the previous ones), and
 * the key `settings.jwt.privateKey` signs with verifies too, under the kid its tokens carry (its
 * RFC 7638 thumbprint), whether or not the set lists it.
 */
function withSigningKey(set: KeyResolver, config: JwtConfig): KeyResolver {
  if (config.privateKey === undefined) return set
  let key: KeyObject
  try {
    key = createPublicKey(createPrivateKey(config.privateKey))
  } catch {
    // The signer says what is wrong with it, when one is built; a door verifies with the set alone.
    return set
  }
  const kid = jwkThumbprint(key)
  const same = set.keys.find((known) => known.kid === kid)
  if (same === undefined) return keySetOfKeys([...set.keys, { key, kid, source: `"${PRIVATE_KEY_NAME}" (its public key)` }])
  if (!same.key.equals(key)) throw new ConfigError(KEYS_NAME, config.keysSource!, `the kid ${JSON.stringify(kid)} is the thumbprint of "${PRIVATE_KEY_NAME}" but names another key`)
  return set
}

// The set itself (a YAML or JSON config file), its JSON text, or a path to a .json file.
function keySetOf(value: unknown, source: string, cwd: string): KeyResolver {
  const { jwks, file } = rawKeySet(value, source, cwd)
  return asConfigError(KEYS_NAME, file, () => createKeySet(jwks as never, `"${KEYS_NAME}" from ${file}`))
}

// A key that cannot be read is a configuration error: the message names the key and the file.
function asConfigError<T>(key: string, file: string, read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (!isKeyError(error)) throw error
    throw new ConfigError(key, file, error.at === '' ? error.reason : `${error.at}: ${error.reason}`)
  }
}
