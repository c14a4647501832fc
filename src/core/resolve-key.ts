import type { KeyObject } from 'node:crypto'

import { checkKey } from './check-key'
import { createExtractor, type ExtractToken } from './extract-token'
import type { Settings } from './normalize-options'
import { parseKey } from './parse-key'
import type { Defaults, VerifyOptions } from './types'

const DEFAULT_COOKIE_NAME = 'auth'

/** What options and configuration decide once: the key and how to read the token. */
export interface Resolved {
  key: KeyObject | undefined
  extractToken: ExtractToken
  /** The door's verifyOptions, with the defaults' issuer and audience when its key is theirs. */
  verifyOptions: VerifyOptions & { complete: true }
}

/**
 * Resolves the key and the cookie name from the options, else from the configuration.
 * @throws TypeError for a key that cannot be read or does not fit the allowed algorithms.
 */
export function resolveKey(settings: Settings, defaults: Defaults): Resolved {
  const cookieName = settings.cookie ? (settings.cookieName ?? defaults.cookieName ?? DEFAULT_COOKIE_NAME) : undefined
  const extractToken = createExtractor(settings.mode, cookieName)
  const fromOptions = settings.secretOrPublicKey !== undefined
  const source = fromOptions ? 'option "secretOrPublicKey"' : (defaults.keySource ?? 'configuration')
  const key = parseKey(fromOptions ? settings.secretOrPublicKey : defaults.secretOrPublicKey, source)
  if (key !== undefined) checkKey(key, settings.verifyOptions.algorithms, source)
  // The configured issuer and audience belong to the configured key's tokens: a door given a key
  // of its own (another service's) is not held to them.
  const verifyOptions = fromOptions ? settings.verifyOptions : withClaimDefaults(settings.verifyOptions, defaults)
  return { key, extractToken, verifyOptions }
}

function withClaimDefaults(verifyOptions: Settings['verifyOptions'], { issuer, audience }: Defaults): Settings['verifyOptions'] {
  if ((issuer === undefined || verifyOptions.issuer !== undefined) && (audience === undefined || verifyOptions.audience !== undefined)) return verifyOptions
  return Object.freeze({
    ...verifyOptions,
    ...(verifyOptions.issuer === undefined && issuer !== undefined && { issuer }),
    ...(verifyOptions.audience === undefined && audience !== undefined && { audience }),
  })
}
