import { configuredKeys } from '../config/configured-keys'
import { JWKS_URL_NAME, KEY_NAME, type JwtConfig } from '../config/jwt-config'
import { readKey } from '../core/keys/read-key'
import { createTokenSigner, type TokenSigner } from '../tokens/create-token-signer'
import { CliError } from './cli-error'

/**
 * The key pair the configuration signs with now, read as the servers read it (a pair that does not
 * match, an unreadable key: the signer's own message), or undefined when no key is set at all.
 * @throws CliError when there is a key but no pair to rotate: a shared secret, a public key alone,
 *   a remote key set; ConfigError or TypeError for a configuration the servers would refuse.
 */
export function currentSigner(config: JwtConfig, cwd: string): TokenSigner | undefined {
  // Everything the doors read, checked first: a broken set is named, not rewritten.
  configuredKeys(config, cwd)
  if (config.keys === undefined && config.jwksUrl !== undefined) {
    throw new CliError(`"${JWKS_URL_NAME}" is set (${config.jwksUrlSource}): the doors verify that remote key set, which a "settings.jwt.keys" written here would replace. Nothing was written; rotate the key where that set is published`)
  }
  if (config.privateKey === undefined && config.secretOrPublicKey === undefined) return undefined
  const where = `"${KEY_NAME}" from ${config.secretOrPublicKeySource}`
  if (config.privateKey === undefined && readKey(config.secretOrPublicKey, where)?.key.type !== 'secret') {
    throw new CliError(`${where} is a public key and "settings.jwt.privateKey" is not set: this configuration verifies tokens signed elsewhere. Nothing was written; rotate the key where they are signed`)
  }
  const signer = createTokenSigner(config)
  if (signer.publicJwk === undefined) {
    // pick-key.ts: a token without kid is tried only against a set of one key, and a secret's tokens carry none.
    throw new CliError(
      `the current key is a shared secret (${where}): its tokens carry no kid, and a key set verifies a token without kid only when it holds that one key, so no set keeps them verifying beside a new key pair. ` +
        'Nothing was written. To move to a key pair, set it up by hand (README, "Rotating the signing key") when the tokens of the secret may be refused: sign-ins and refreshes after the switch get tokens of the new key',
    )
  }
  return signer
}
