/** What kind of problem a refused public key has. */
export type PublicKeyProblem = 'type' | 'format' | 'keyType' | 'privateKey' | 'nonCanonical' | 'notOnCurve' | 'smallOrder'

/**
 * Thrown by `parsePublicKey` for input that is not an acceptable Ed25519 public key; `message`
 * says why in words a client can act on (the HTTP layer answers it as a 400). The input itself
 * is never repeated: a user may have pasted a private key.
 */
export class PublicKeyError extends Error {
  readonly problem: PublicKeyProblem

  constructor(problem: PublicKeyProblem, message: string) {
    super(message)
    this.name = 'PublicKeyError'
    this.problem = problem
  }
}
