import { KeyObject } from 'node:crypto'

import { createKeySet } from '../keys/key-set'
import type { KeyResolver } from '../keys/key-resolver'
import { isJwk } from '../keys/parse-jwk'
import { readKey } from '../keys/read-key'
import { createRemoteJwks } from '../keys/remote-jwks'
import { staticKeyOf } from '../keys/static-key'
import type { JWTOptions } from '../types'

const KEY_OPTIONS = ['secretOrPublicKey', 'keys', 'jwksUrl'] as const

/**
 * The key resolver the options name: `secretOrPublicKey` (one key), `keys` (a JWKS, or a
 * resolver), or `jwksUrl` (a remote JWKS); at most one of them. Read and checked now.
 * @returns undefined when none is given.
 * @throws TypeError naming the option for a key of the wrong kind, or more than one given.
 */
export function resolveKeyOptions(options: JWTOptions): KeyResolver | undefined {
  const given = KEY_OPTIONS.filter((name) => options[name] !== undefined)
  if (given.length > 1) throw new TypeError(`jwt-hooks: give one of "secretOrPublicKey", "keys" and "jwksUrl", not ${given.map((name) => `"${name}"`).join(' and ')}`)
  const { secretOrPublicKey: key, keys, jwksUrl } = options
  if (key !== undefined) {
    // A function (a key callback, as jsonwebtoken takes), a number or a boolean would only fail
    // later, on a request, with Node's own error or a misleading row 1: say so now.
    if (!(typeof key === 'string' || Buffer.isBuffer(key) || key instanceof KeyObject || isJwk(key))) {
      throw new TypeError('jwt-hooks: "secretOrPublicKey" must be a string, a Buffer, a KeyObject or a JWK')
    }
    const read = readKey(key, 'option "secretOrPublicKey"')
    return read === undefined ? undefined : staticKeyOf(read)
  }
  if (keys !== undefined) return isResolver(keys) ? keys : createKeySet(keys)
  if (jwksUrl !== undefined) {
    if (typeof jwksUrl !== 'string' && !(jwksUrl instanceof URL)) throw new TypeError('jwt-hooks: "jwksUrl" must be a string or a URL')
    return createRemoteJwks(jwksUrl)
  }
  return undefined
}

function isResolver(value: unknown): value is KeyResolver {
  const resolver = value as KeyResolver | null
  return typeof resolver === 'object' && resolver !== null && typeof resolver.resolve === 'function'
}
