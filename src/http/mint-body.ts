import { InvalidCapabilitiesError } from '../core/authorize/invalid-capabilities-error'
import { validateCapabilities } from '../core/authorize/validate-capabilities'
import { RESERVED_CLAIMS } from '../tokens/tokens'
import { isText, type BodySchema, type FieldCheck } from './check-body'

/** `custom`, as JSON, at most this many bytes (DESIGN-SESSIONS.md: 4 KB). */
export const MAX_CUSTOM_BYTES = 4096
const MAX_USER_ID = 255
const MAX_NAME = 255
// A URL, or a data: URL of a small avatar; the token goes in a header, so it is bounded.
const MAX_IMAGE = 2048

const isCustom: FieldCheck = (value, property): Record<string, string> | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { isObject: `${property} must be a JSON object` }
  const bytes = Buffer.byteLength(JSON.stringify(value))
  if (bytes > MAX_CUSTOM_BYTES) return { maxSize: `${property} must be at most ${MAX_CUSTOM_BYTES} bytes as JSON (it is ${bytes})` }
  // A consumer that spreads `custom` into the claims must not have sub, exp or sid overridden.
  const reserved = Object.keys(value).filter((name) => RESERVED_CLAIMS.includes(name))
  if (reserved.length > 0) return { reservedClaims: `${property} must not hold the registered claims ${reserved.join(', ')}` }
  return undefined
}

/** A capabilities string that `validateCapabilities` accepts. */
export const isCapabilities: FieldCheck = (value, property): Record<string, string> | undefined => {
  if (typeof value !== 'string') return { isString: `${property} must be a string` }
  try {
    validateCapabilities(value)
    return undefined
  } catch (error) {
    if (error instanceof InvalidCapabilitiesError) return { isCapabilities: error.message }
    throw error
  }
}

/** The body of `POST /auth/tokens`: `userId` and, optionally, `name`, `image` or `avatar`, `custom`, `caps`. */
export const MINT_BODY: BodySchema = {
  required: { userId: isText(1, MAX_USER_ID) },
  optional: {
    name: isText(1, MAX_NAME),
    image: isText(1, MAX_IMAGE),
    avatar: isText(1, MAX_IMAGE),
    custom: isCustom,
    caps: isCapabilities,
  },
}
