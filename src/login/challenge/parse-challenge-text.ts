import { CAPABILITIES, EXPIRATION_TIME, FIRST_LINE_END, NO_CAPABILITIES, NONCE, type ChallengeFields } from './challenge-fields'
import { ChallengeTextError } from './challenge-text-error'
import { createChallengeText } from './create-challenge-text'

const LONGEST = 16_384

/**
 * Reads the fields back out of a challenge text, strictly: the text must be exactly what
 * `createChallengeText` writes for those fields, byte for byte (no extra line, space or
 * newline, the same date form). A verifier compares the stored text instead; this is for
 * defence in depth and for tests.
 *
 * @param text - A challenge text.
 * @throws ChallengeTextError (`field` `text` for the layout, or the field that is invalid).
 * @example
 * parseChallengeText(text).expiresAt.getTime() > Date.now()
 */
export function parseChallengeText(text: string): ChallengeFields {
  if (typeof text !== 'string' || text.length > LONGEST) return malformed()
  const lines = text.split('\n')
  if (lines.length !== 6 || lines[2] !== '') return malformed()
  const [first, publicKeyZ32, , capsLine, nonceLine, expiryLine] = lines
  if (!first.endsWith(FIRST_LINE_END) || !capsLine.startsWith(CAPABILITIES) || !nonceLine.startsWith(NONCE) || !expiryLine.startsWith(EXPIRATION_TIME)) {
    return malformed()
  }
  const listed = capsLine.slice(CAPABILITIES.length)
  const fields: ChallengeFields = {
    host: first.slice(0, -FIRST_LINE_END.length),
    publicKeyZ32,
    caps: listed === NO_CAPABILITIES ? '' : listed,
    nonce: nonceLine.slice(NONCE.length),
    expiresAt: new Date(expiryLine.slice(EXPIRATION_TIME.length)),
  }
  // Writing the fields again validates each one, and the comparison refuses every other
  // spelling of them (a date in another form, `none` written as an empty list).
  if (Number.isNaN(fields.expiresAt.getTime())) throw new ChallengeTextError('expiresAt', 'The expiry is not a valid date.')
  if (createChallengeText(fields) !== text) return malformed()
  return fields
}

function malformed(): never {
  throw new ChallengeTextError('text', 'The challenge text is not in the expected format.')
}
