import { randomUUID } from 'node:crypto'

import { validateCapabilities } from '../core/authorize/validate-capabilities'
import { withTimeout } from '../core/pipeline/with-timeout'
import type { ApiKeyStore } from '../stores/api-key-store'
import { hashToken } from '../tokens/random-token'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { checkBody } from './check-body'
import type { Endpoint, EndpointAnswer } from './endpoint'
import { badRequest, ENDPOINT_ANSWERS, LOGIN_ANSWERS, refuse, tokenAnswer, UNAVAILABLE } from './endpoint-answers'
import { MINT_BODY } from './mint-body'
import { MintRateLimiter } from './mint-rate-limiter'

// Ours are 48 characters; a longer header is no key, and is not hashed or looked up.
const MAX_API_KEY_LENGTH = 256
// `avatar` is another spelling of `image` (one of the ChatSDK docs'): one of them, not both.
const BOTH_IMAGES = { property: 'avatar', constraints: { isExclusive: 'avatar and image must not both be given' } }
/** The audience of the `wsToken`: a token for the WebSocket server, not the API. */
export const WS_AUDIENCE = 'ws'

/**
 * `POST /auth/tokens`, server-to-server minting: `X-API-Key` names a live key (else 401
 * `invalid_api_key`), within its rate (else 429 with `Retry-After`); the body `{ userId, name?,
 * image? (or avatar), custom?, caps? }` becomes a session of `userId` whose tokens carry `name`,
 * `image`, `custom` and `caps`. Answers `TOKENS` with `wsToken` (the same session, `aud: 'ws'`),
 * `expiresIn` (seconds) and `user: { id, name, image }`.
 * @param sessions the sessions (their `apiKeys` and `mintRateLimit`).
 * @param apiKeys where the keys are.
 * @param onFault where a store fault is said.
 */
export function createTokensEndpoint(sessions: Sessions, apiKeys: ApiKeyStore, onFault: (error: unknown) => void): Endpoint {
  const { mintRateLimit, clock, timeout } = sessions.settings
  const limiter = new MintRateLimiter(mintRateLimit)
  return async (request) => {
    try {
      const key = request.header('x-api-key')
      if (key === undefined || key === '' || key.length > MAX_API_KEY_LENGTH) return refuse(ENDPOINT_ANSWERS.invalidApiKey)
      const record = await bounded(apiKeys.findByHash(hashToken(key)), timeout)
      if (record === undefined || record.revokedAt !== undefined) return refuse(ENDPOINT_ANSWERS.invalidApiKey)
      const wait = limiter.take(record.name, clock())
      if (wait > 0) return refuse(ENDPOINT_ANSWERS.tooManyMints, { 'Retry-After': String(wait) })
      const body = await request.body()
      if ('refused' in body) return body.refused
      const checked = checkBody(body.value, MINT_BODY)
      if ('refused' in checked) return checked.refused
      if (checked.fields.image !== undefined && checked.fields.avatar !== undefined) return badRequest(LOGIN_ANSWERS.invalidBody, [BOTH_IMAGES])
      return await mint(sessions, checked.fields)
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error
      onFault(error)
      return UNAVAILABLE
    }
  }
}

async function mint(sessions: Sessions, fields: Record<string, unknown>): Promise<EndpointAnswer> {
  const userId = fields.userId as string
  const name = fields.name as string | undefined
  const image = (fields.image ?? fields.avatar) as string | undefined
  const custom = fields.custom as Record<string, unknown> | undefined
  const claims = { ...(name !== undefined && { name }), ...(image !== undefined && { image }), ...(custom !== undefined && { custom }) }
  const caps = fields.caps === undefined ? undefined : validateCapabilities(fields.caps as string)
  const { tokens, claims: access } = await sessions.issuer.issue(userId, { caps, claims })
  const wsToken = sessions.issuer.sign({ ...access, aud: WS_AUDIENCE, jti: randomUUID() })
  return tokenAnswer({
    ...tokens,
    wsToken,
    expiresIn: (access.exp as number) - (access.iat as number),
    user: { id: userId, name: name ?? null, image: image ?? null },
  })
}

async function bounded<T>(call: Promise<T>, timeout: number): Promise<T> {
  try {
    return await withTimeout(call, timeout)
  } catch (error) {
    throw new StoreUnavailableError('find an API key', error)
  }
}
