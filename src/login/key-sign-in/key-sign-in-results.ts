/** A challenge issued: its text (what the client signs, as UTF-8) and its expiry. */
export interface IssuedChallenge {
  text: string
  expiresAt: Date
}

/** Why no challenge was issued: the request's host or capabilities cannot be named, or too many wait. */
export type IssueRefusal = { refused: 'host' | 'caps'; message: string } | { refused: 'tooMany' | 'full' }

/** Who proved holding a key, and what they may do: what a session is opened for. */
export interface ProvenKey {
  subject: string
  caps: string
}
