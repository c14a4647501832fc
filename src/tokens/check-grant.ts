import { RESERVED_CLAIMS, type SessionGrant } from './tokens'

const MAX_SUBJECT = 255

/**
 * Checks what `issueSession` is given: a subject of 1 to 255 characters, `caps` a string, `claims`
 * a plain object with none of the reserved names (they are the session's to set).
 * @throws TypeError naming the argument (a programmer's error: endpoints validate their bodies first).
 */
export function checkGrant(subject: unknown, grant: SessionGrant): void {
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT) {
    throw new TypeError(`jwt-hooks: issueSession: the subject must be a string of 1 to ${MAX_SUBJECT} characters`)
  }
  if (typeof grant !== 'object' || grant === null) throw new TypeError('jwt-hooks: issueSession: the grant must be an object')
  if (grant.caps !== undefined && typeof grant.caps !== 'string') throw new TypeError('jwt-hooks: issueSession: "caps" must be a string (validateCapabilities)')
  const { claims } = grant
  if (claims === undefined) return
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new TypeError('jwt-hooks: issueSession: "claims" must be a JSON object')
  const reserved = Object.keys(claims).filter((name) => RESERVED_CLAIMS.includes(name))
  if (reserved.length > 0) throw new TypeError(`jwt-hooks: issueSession: "claims" must not set ${reserved.join(', ')}`)
}
