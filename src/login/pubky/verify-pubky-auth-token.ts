import { verify } from 'node:crypto'

import { parsePublicKey, type Ed25519PublicKey } from '../identity/parse-public-key'
import { PublicKeyError } from '../identity/public-key-error'
import type { PubkyAuthTokenFailure, PubkyAuthTokenProblem, PubkyAuthTokenResult } from './pubky-auth-token'
import { readPubkyCapabilities } from './read-pubky-capabilities'
import { readVarint } from './read-varint'

/** pubky-core's window (pubky-common auth_token.rs, homeserver cookie/verifier.rs): 3 minutes either way. */
export const PUBKY_AUTH_WINDOW_MS = 180_000
/** Far more than any capabilities list needs; the signature check stays cheap. */
export const PUBKY_AUTH_TOKEN_MAX_BYTES = 16_384

// postcard layout of AuthToken v0: signature [u8; 64], namespace [u8; 10], version u8,
// timestamp (8 bytes, big-endian microseconds), public key [u8; 32], capabilities (varint + UTF-8).
const NAMESPACE = Buffer.from('PUBKY:AUTH')
const AT = { namespace: 64, version: 74, timestamp: 75, publicKey: 83, capabilities: 115 } as const
// pubky-core signs bytes[65..]: everything after the signature but the namespace's first byte.
const SIGNED_FROM = 65
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Verifies the canonical bytes of a Pubky AuthToken (`AuthToken.toBytes()` of @synonymdev/pubky)
 * as pubky-core does: the postcard layout of version 0, the `PUBKY:AUTH` namespace, a timestamp
 * within the window of `now` either way, and the Ed25519 signature of the token's own public key
 * over `bytes[65..]`. Stricter than pubky-core where it costs no real signer anything: the whole
 * namespace is checked (the SDK checks none of it), the encoding must be minimal with no
 * trailing bytes, and the key must be a canonical point not of small order. It does not remember
 * tokens: claim `token.replayId` in a `ReplayGuard` (or use `createPubkyAuthVerifier`).
 *
 * @param bytes - The token bytes, as POSTed (`application/octet-stream`).
 * @param now - The current time in milliseconds.
 * @param windowMs - How far the timestamp may be from `now`, either way (default 3 minutes).
 * @returns `{ ok: true, token }` or `{ ok: false, problem, message }`.
 * @example
 * const result = verifyPubkyAuthToken(new Uint8Array(await request.arrayBuffer()), Date.now())
 * if (result.ok) issueSession(result.token.publicKey, { caps: result.token.capabilities })
 */
export function verifyPubkyAuthToken(bytes: Uint8Array, now: number, windowMs = PUBKY_AUTH_WINDOW_MS): PubkyAuthTokenResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('jwt-hooks: the AuthToken must be a Uint8Array')
  if (bytes.length > PUBKY_AUTH_TOKEN_MAX_BYTES) return refuse('malformed', `The AuthToken is larger than ${PUBKY_AUTH_TOKEN_MAX_BYTES} bytes.`)
  if (bytes.length <= AT.capabilities) return refuse('malformed', 'The AuthToken is too short.')
  if (!NAMESPACE.equals(bytes.subarray(AT.namespace, AT.version))) return refuse('namespace', 'The AuthToken is not in the PUBKY:AUTH namespace.')
  if (bytes[AT.version] !== 0) return refuse('version', 'Unknown AuthToken version.')
  const length = readVarint(bytes, AT.capabilities)
  if (length === null || length.next + length.value !== bytes.length) return refuse('malformed', 'The AuthToken capabilities are not well formed.')
  let capabilities: string
  try {
    capabilities = STRICT_UTF8.decode(bytes.subarray(length.next))
  } catch {
    return refuse('malformed', 'The AuthToken capabilities are not UTF-8.')
  }
  let key: Ed25519PublicKey
  try {
    key = parsePublicKey(Buffer.from(bytes.buffer, bytes.byteOffset + AT.publicKey, 32).toString('base64url'))
  } catch (error) {
    return refuse('publicKey', (error as PublicKeyError).message)
  }
  const timestamp = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readBigUInt64BE(AT.timestamp)
  const drift = timestamp - BigInt(Math.round(now)) * 1000n
  const window = BigInt(Math.round(windowMs)) * 1000n
  const seconds = Math.round(windowMs / 1000)
  if (drift > window) return refuse('future', `The AuthToken has a timestamp more than ${seconds} seconds in the future.`)
  if (drift < -window) return refuse('expired', `The AuthToken has a timestamp more than ${seconds} seconds in the past.`)
  if (!verify(null, bytes.subarray(SIGNED_FROM), key.keyObject, bytes.subarray(0, 64))) return refuse('signature', 'The AuthToken signature does not match its public key.')
  return {
    ok: true,
    token: {
      publicKey: key.z32,
      key,
      capabilities: readPubkyCapabilities(capabilities),
      timestamp,
      timestampMs: Number(timestamp / 1000n),
      replayId: Buffer.from(bytes.buffer, bytes.byteOffset + AT.timestamp, 40).toString('hex'),
    },
  }
}

function refuse(problem: PubkyAuthTokenProblem, message: string): PubkyAuthTokenFailure {
  return { ok: false, problem, message }
}
