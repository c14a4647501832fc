import { verifyPassword } from '@foal/core'

import { User } from '../typeorm/user.entity'
import { dummyPasswordHash } from './dummy-password-hash'

/**
 * The user whose email and password these are, or undefined. An unknown email is checked against
 * a dummy hash: same work, same time as a wrong password, so the answer does not tell which emails
 * have accounts.
 */
export async function checkPassword(email: string, password: string): Promise<User | undefined> {
  const user = await User.findOneBy({ email })
  const matches = await verifyPassword(password, user?.password ?? (await dummyPasswordHash()))
  return user !== null && matches ? user : undefined
}
