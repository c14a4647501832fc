import type { LoginServer } from './login-server'
import { post } from './request'

export const WRONG = 'not the password'
export const MINUTE = 60_000

/** What a rate-limit test looks at in a login answer. */
export interface Judged {
  status: number
  retryAfter: string | string[] | undefined
  body: unknown
}

/** Logs in from a chosen loopback address (and headers); answers what a rate-limit test looks at. */
export async function attempt(server: LoginServer, email: string, password: string, from = '127.0.0.1', headers: Record<string, string> = {}): Promise<Judged> {
  const reply = await post(`${server.url}/auth/login`, { body: { email, password }, localAddress: from, headers })
  return {
    status: reply.status,
    retryAfter: reply.headers['retry-after'],
    body: reply.status === 200 ? 'token' : reply.body,
  }
}

export const OK: Judged = { status: 200, retryAfter: undefined, body: 'token' }
export const REFUSED: Judged = {
  status: 401,
  retryAfter: undefined,
  body: { code: 'invalid_credentials', description: 'Incorrect email or password.' },
}
export const tooMany = (seconds: number): Judged => ({
  status: 429,
  retryAfter: String(seconds),
  body: { code: 'too_many_attempts', description: 'Too many failed login attempts. Try again later.' },
})
/** No room to count the attempt or to hash its password: 503, an empty body. */
export const busy = (seconds: number): Judged => ({ status: 503, retryAfter: String(seconds), body: '' })
