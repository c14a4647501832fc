/** The `{ type: 'error', value }` descriptions of the WebSocket door, as data. */
export const USER_AUTH_ANSWERS = {
  notText: 'Messages must be JSON text frames.',
  notJson: 'The message is not a JSON object.',
  wrongOrder: 'Expected { type: "token", pubkey } first, then { type: "challenge", sig }.',
  badCaps: 'caps must be a capabilities string such as "/pub/app/:rw".',
  badSignature: 'sig must be the 64 signature bytes as Buffer JSON ({ "type": "Buffer", "data": [...] }) or an array of bytes.',
  noHost: 'The request has no Host header to name in the challenge.',
  badHost: 'The Host header is not a host name or address (with an optional port) that a challenge can name.',
  tooMany: 'Too many challenges of this key are waiting: answer one, or ask again once one has expired.',
  unavailable: 'The server cannot sign you in right now; try again later.',
  timeout: 'No answer in time.',
  tooLarge: 'The message is too large.',
  // The one refusal of a well-formed answer, as the HTTP door's invalid_challenge.
  invalidChallenge: 'The challenge is unknown, expired or already used, or the signature does not match.',
} as const
