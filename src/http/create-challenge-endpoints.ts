import { validateCapabilities } from '../core/authorize/validate-capabilities'
import type { KeySignIn } from '../login/key-sign-in/key-sign-in'
import type { ProvenKey } from '../login/key-sign-in/key-sign-in-results'
import { decodeSignature } from '../login/identity/decode-signature'
import { parsePublicKey } from '../login/identity/parse-public-key'
import { PUBKY_AUTH_TOKEN_MAX_BYTES } from '../login/pubky/verify-pubky-auth-token'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { cookieTokenAnswer } from './auth-cookie-answer'
import { CHALLENGE_BODY, KEY_SIGN_IN_REQUESTS, VERIFY_BODY } from './challenge-bodies'
import { checkBody } from './check-body'
import type { Endpoint, EndpointAnswer, EndpointRequest } from './endpoint'
import { badRequest, ENDPOINT_ANSWERS, LOGIN_ANSWERS, refuse, tokenAnswer, UNAVAILABLE } from './endpoint-answers'
import { resolveCookieMode, type CookieModeOption } from './resolve-cookie-mode'

/** The endpoints of public-key sign-in. */
export interface ChallengeEndpoints {
  /** `POST /auth/challenge` `{ publicKey, caps? }` → `{ challenge, expiresAt }`. */
  challenge: Endpoint
  /** `POST /auth/challenge/verify` `{ publicKey, challenge, signature }` → `TOKENS` (in cookie mode, the login's answer and cookies). */
  verify: Endpoint
  /** `POST /auth/pubky`, an AuthToken's bytes (`application/octet-stream`) → as `verify`. */
  pubky: Endpoint
}

/** How the sign-ins answer. */
export interface ChallengeEndpointsOptions {
  /**
   * Cookie mode, as `createAuthEndpoints`' option (give both the same): a sign-in answers
   * `{ accessToken, expiresAt, token }` and sets the access, refresh and `XSRF-TOKEN` cookies, as
   * the login does. Default: on when `settings.jwt.cookie` is.
   */
  cookies?: CookieModeOption
}

const OCTET_STREAM = /^application\/octet-stream\s*(?:;|$)/i

/**
 * Builds the framework-agnostic endpoints of public-key sign-in once. A refused answer of any
 * kind is the one 401 `invalid_challenge`; bad input a 400 `{ code: 'invalid_request',
 * description, errors }` that says what is wrong (never repeating a key); too many challenges
 * waiting for one key 429, for the whole store 503; a store fault 503 with an empty body.
 * @param sessions where the sessions are opened.
 * @param signIn the challenge store, replay guard, host and identities (`createKeySignIn`).
 * @param onFault where a store fault is said.
 * @param options `cookies`: cookie mode.
 * @throws TypeError for bad cookie options.
 */
export function createChallengeEndpoints(sessions: Sessions, signIn: KeySignIn, onFault: (error: unknown) => void, options: ChallengeEndpointsOptions = {}): ChallengeEndpoints {
  signIn.boot()
  const cookies = resolveCookieMode(options.cookies)
  // The one answer of a proven key, whichever way it was proven.
  const signedIn = async (request: EndpointRequest, proven: ProvenKey): Promise<EndpointAnswer> => {
    const issued = await signIn.startSession(sessions, proven)
    return cookies === undefined ? tokenAnswer({ ...issued.tokens }) : cookieTokenAnswer(issued, request, cookies)
  }
  const retryAfter = { 'Retry-After': String(Math.ceil(signIn.settings.challengeTtlMs / 1000)) }
  const faulting = (endpoint: Endpoint): Endpoint => async (request) => {
    try {
      return await endpoint(request)
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error
      onFault(error)
      return UNAVAILABLE
    }
  }
  return {
    challenge: faulting(async (request) => {
      const body = await request.body()
      if ('refused' in body) return body.refused
      const checked = checkBody(body.value, CHALLENGE_BODY)
      if ('refused' in checked) return checked.refused
      const host = signIn.hostOf(request.header('host'))
      if (host === undefined) return badRequest(KEY_SIGN_IN_REQUESTS.noHost)
      const caps = validateCapabilities((checked.fields.caps as string | undefined) ?? '')
      const issued = await signIn.issue(parsePublicKey(checked.fields.publicKey as string), caps, host)
      if ('refused' in issued) {
        if (issued.refused === 'tooMany') return refuse(ENDPOINT_ANSWERS.tooManyChallenges, retryAfter)
        if (issued.refused === 'full') return { ...UNAVAILABLE, headers: retryAfter }
        if (issued.refused === 'host') return badRequest(KEY_SIGN_IN_REQUESTS.badHost)
        return badRequest(LOGIN_ANSWERS.invalidBody, [{ property: 'caps', constraints: { isReadable: (issued as { message: string }).message } }])
      }
      return tokenAnswer({ challenge: issued.text, expiresAt: issued.expiresAt.toISOString() })
    }),
    verify: faulting(async (request) => {
      const body = await request.body()
      if ('refused' in body) return body.refused
      const checked = checkBody(body.value, VERIFY_BODY)
      if ('refused' in checked) return checked.refused
      const { publicKey, challenge, signature } = checked.fields as Record<string, string>
      const proven = await signIn.answer(parsePublicKey(publicKey), challenge, decodeSignature(signature))
      if (proven === undefined) return refuse(ENDPOINT_ANSWERS.invalidChallenge)
      return signedIn(request, proven)
    }),
    pubky: faulting(async (request) => {
      const bytes = await readToken(request)
      if (!Buffer.isBuffer(bytes)) return bytes
      const proven = await signIn.pubky(bytes)
      if (proven === undefined) return refuse(ENDPOINT_ANSWERS.invalidChallenge)
      return signedIn(request, proven)
    }),
  }
}

async function readToken(request: EndpointRequest): Promise<Buffer | EndpointAnswer> {
  if (!OCTET_STREAM.test(request.header('content-type') ?? '') || request.bytes === undefined) return badRequest(KEY_SIGN_IN_REQUESTS.notBytes)
  const encoding = request.header('content-encoding')
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return badRequest(LOGIN_ANSWERS.encoded)
  if (Number(request.header('content-length') ?? 0) > PUBKY_AUTH_TOKEN_MAX_BYTES) return badRequest(KEY_SIGN_IN_REQUESTS.tooLarge)
  const bytes = await request.bytes(PUBKY_AUTH_TOKEN_MAX_BYTES)
  if (bytes === 'tooLarge') return badRequest(KEY_SIGN_IN_REQUESTS.tooLarge)
  if (bytes === 'aborted' || bytes.length === 0) return badRequest(KEY_SIGN_IN_REQUESTS.noBytes)
  return bytes
}
