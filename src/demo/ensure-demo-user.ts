import { randomBytes } from 'node:crypto'

import { isUniqueViolation } from '../stores/typeorm/is-unique-violation'
import { User } from '../typeorm/user.entity'

export const DEMO_EMAIL = 'demo@example.com'

/**
 * Creates the demo user when the database has no user at all.
 * @returns the new credentials, to be shown once, or undefined when users exist already.
 */
export async function ensureDemoUser(): Promise<{ email: string; password: string } | undefined> {
  if ((await User.count()) > 0) return undefined
  const password = randomBytes(12).toString('base64url')
  const user = User.create({ email: DEMO_EMAIL })
  await user.setPassword(password)
  try {
    await user.save()
  } catch (error) {
    // Instances started together on one database (PostgreSQL): another one made it in between.
    if (isUniqueViolation(error)) return undefined
    throw error
  }
  return { email: DEMO_EMAIL, password }
}
