import { checkPermission } from '../authorize/check-permission'
import type { CapabilityCheck } from '../authorize/create-capability-check'
import { checkCsrf } from '../csrf/check-csrf'
import type { CsrfSettings } from '../csrf/csrf-settings'
import type { Failure } from '../errors/failure'
import { FIXED_FAILURES, toFailure } from '../errors/to-failure'
import type { RequestLike } from '../types'

/** What the authorize step is built from: each undefined when its option is off. */
export interface AuthorizeSettings {
  /** Cookie doors only: the token came from the cookie, so an unsafe method needs the CSRF token. */
  csrf: CsrfSettings | undefined
  capabilities: CapabilityCheck | undefined
  permission: string | undefined
}

/** The last step before a request is let through: a refusal (a 403 row), or undefined. */
export type AuthorizeStep = (request: RequestLike, payload: Record<string, any>, user: unknown) => Failure | undefined

/**
 * Builds the step that runs once the token verified and the user is known (so the 400 and 401
 * rows always come first): CSRF, then the token's capabilities, then the user's permission.
 * CSRF first: a forged request is refused as forged, and learns nothing of what the token grants.
 * @returns undefined when every option is off, so the pipeline adds nothing to a request.
 */
export function createAuthorizeStep({ csrf, capabilities, permission }: AuthorizeSettings): AuthorizeStep | undefined {
  if (csrf === undefined && capabilities === undefined && permission === undefined) return undefined
  return (request, payload, user) => {
    if (csrf !== undefined && checkCsrf(request, payload, csrf) !== undefined) return FIXED_FAILURES.invalidCsrfToken
    if (capabilities !== undefined) {
      const coverage = capabilities(payload.caps, request.method, request.path)
      // RFC 6750 §3.1: 403 insufficient_scope, the challenge naming what was missing.
      if (!coverage.ok) return toFailure('insufficientScope', { access: coverage.action, path: coverage.path })
    }
    if (permission !== undefined && !checkPermission(user, permission)) return FIXED_FAILURES.forbidden
    return undefined
  }
}
