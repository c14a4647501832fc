import type { User } from '../typeorm/user.entity'

/** `user 12 (ann@example.com)`, as the commands name a user. */
export function describeUser(user: Pick<User, 'id' | 'email'>): string {
  return `user ${user.id} (${user.email})`
}
