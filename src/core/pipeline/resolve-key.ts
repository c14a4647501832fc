import type { KeyObject } from 'node:crypto'

import { checkKey } from '../keys/check-key'
import { createExtractor, type ExtractToken } from '../extract/extract-token'
import type { Settings } from './normalize-options'
import { parseKey } from '../keys/parse-key'
import type { Defaults } from '../types'

const DEFAULT_COOKIE_NAME = 'auth'

/** What options and configuration decide once: the key and how to read the token. */
export interface Resolved {
  key: KeyObject | undefined
  extractToken: ExtractToken
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
  return { key, extractToken }
}
