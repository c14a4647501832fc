import { decodeSignature } from '../login/identity/decode-signature'
import { parsePublicKey } from '../login/identity/parse-public-key'
import { PublicKeyError } from '../login/identity/public-key-error'
import { SignatureError } from '../login/identity/signature-error'
import type { LoginAnswer } from '../login/login-answers'
import { isText, type BodySchema, type FieldCheck } from './check-body'
import { isCapabilities } from './mint-body'

// Far above any key form (a PEM is ~113 characters); parsePublicKey refuses longer ones too.
const MAX_PUBLIC_KEY = 4096
// A challenge text is ~250 characters plus its capabilities.
const MAX_CHALLENGE = 16_384

/** A public key in one of the accepted forms; the constraint says what is wrong, never repeating it. */
const isPublicKey: FieldCheck = (value, property): Record<string, string> | undefined => {
  if (typeof value !== 'string') return { isString: `${property} must be a string` }
  if (value.length === 0) return { isNotEmpty: `${property} should not be empty` }
  if (value.length > MAX_PUBLIC_KEY) return { maxLength: `${property} must be shorter than or equal to ${MAX_PUBLIC_KEY} characters` }
  try {
    parsePublicKey(value)
    return undefined
  } catch (error) {
    if (error instanceof PublicKeyError) return { isPublicKey: error.message }
    throw error
  }
}

const isSignature: FieldCheck = (value, property): Record<string, string> | undefined => {
  if (typeof value !== 'string') return { isString: `${property} must be a string` }
  try {
    decodeSignature(value)
    return undefined
  } catch (error) {
    if (error instanceof SignatureError) return { isSignature: error.message }
    throw error
  }
}

/** `POST /auth/challenge`: `{ publicKey, caps? }`. */
export const CHALLENGE_BODY: BodySchema = { required: { publicKey: isPublicKey }, optional: { caps: isCapabilities } }

/** `POST /auth/challenge/verify`: `{ publicKey, challenge, signature }`. */
export const VERIFY_BODY: BodySchema = {
  required: { publicKey: isPublicKey, challenge: isText(1, MAX_CHALLENGE), signature: isSignature },
}

/** The 400s of public-key sign-in that are about the request as a whole. */
export const KEY_SIGN_IN_REQUESTS = {
  badHost: { status: 400, code: 'invalid_request', description: 'The Host header is not a host name or address (with an optional port) that a challenge can name.' },
  noHost: { status: 400, code: 'invalid_request', description: 'The request has no Host header to name in the challenge.' },
  notBytes: { status: 400, code: 'invalid_request', description: "The request body must be the AuthToken's bytes (Content-Type: application/octet-stream)." },
  noBytes: { status: 400, code: 'invalid_request', description: "The request body is empty: send the AuthToken's bytes (token.toBytes())." },
  tooLarge: { status: 413, code: 'invalid_request', description: 'The request body is larger than an AuthToken can be.' },
} as const satisfies Record<string, LoginAnswer>
