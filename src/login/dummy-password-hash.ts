import { randomBytes } from 'node:crypto'

import { hashPassword } from '@foal/core'

let dummy: Promise<string> | undefined

/**
 * A PBKDF2 hash of a random password, computed once per process. Checking a password against it
 * when the email is unknown costs what checking a real user's password costs, so the answer's
 * timing does not tell which emails have accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64'))
  return dummy
}
