import { ANN, BOB, useLoginServer } from './support/login-server'
import { post } from './support/request'

const server = useLoginServer()

const WRONG = 'not the password'
const MINUTE = 60_000

/** Logs in from a chosen loopback address; answers what a rate-limit test looks at. */
async function attempt(email: string, password: string, from = '127.0.0.1', headers: Record<string, string> = {}) {
  const reply = await post(`${server.url}/auth/login`, { body: { email, password }, localAddress: from, headers })
  return {
    status: reply.status,
    retryAfter: reply.headers['retry-after'],
    body: reply.status === 200 ? 'token' : reply.body,
  }
}

const OK = { status: 200, retryAfter: undefined, body: 'token' }
const REFUSED = {
  status: 401,
  retryAfter: undefined,
  body: { code: 'invalid_credentials', description: 'Incorrect email or password.' },
}
const tooMany = (seconds: number) => ({
  status: 429,
  retryAfter: String(seconds),
  body: { code: 'too_many_attempts', description: 'Too many failed login attempts. Try again later.' },
})

describe('one email: 5 failures within 15 minutes, from any addresses', () => {
  test('the 6th attempt, even with the right password, is 429 with Retry-After; after the window it works', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await attempt(ANN.email, WRONG, `127.0.0.${10 + i}`)).toStrictEqual(REFUSED)
      server.advance(MINUTE)
    }
    // The first failure was 5 minutes ago: 10 minutes to go.
    expect(await attempt(ANN.email, ANN.password, '127.0.0.20')).toStrictEqual(tooMany(600))
    // Another account is not affected.
    expect(await attempt(BOB.email, BOB.password, '127.0.0.21')).toStrictEqual(OK)
    server.advance(10 * MINUTE - 1000)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.22')).toStrictEqual(tooMany(1))
    server.advance(1000)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.22')).toStrictEqual(OK)
  })

  test('the email is one key in any case', async () => {
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? ANN.email.toUpperCase() : ANN.email, WRONG, `127.0.0.${30 + i}`)
    expect(await attempt('Ann@Example.com', ANN.password, '127.0.0.40')).toStrictEqual(tooMany(900))
  })

  test('a success resets the email’s count', async () => {
    for (let i = 0; i < 4; i++) expect(await attempt(ANN.email, WRONG, `127.0.0.${50 + i}`)).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.55')).toStrictEqual(OK)
    for (let i = 0; i < 5; i++) expect(await attempt(ANN.email, WRONG, `127.0.0.${60 + i}`)).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.66')).toStrictEqual(tooMany(900))
  })
})

describe('one address: 5 failures within 15 minutes, for any emails', () => {
  test('the 6th attempt from that address is 429; other addresses are not affected; the window ends it', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(`guess${i}@example.com`, WRONG, '127.0.0.7')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.7')).toStrictEqual(tooMany(900))
    expect(await attempt(ANN.email, ANN.password, '127.0.0.8')).toStrictEqual(OK)
    server.advance(15 * MINUTE)
    expect(await attempt(BOB.email, BOB.password, '127.0.0.7')).toStrictEqual(OK)
  })

  test('successful logins do not count against the address (a shared NAT keeps working)', async () => {
    for (let i = 0; i < 8; i++) expect(await attempt(i % 2 ? ANN.email : BOB.email, i % 2 ? ANN.password : BOB.password, '127.0.0.9')).toStrictEqual(OK)
  })

  test('a success does not wipe the address’s failures on other accounts', async () => {
    for (let i = 0; i < 4; i++) await attempt(`guess${i}@example.com`, WRONG, '127.0.0.11')
    expect(await attempt(ANN.email, ANN.password, '127.0.0.11')).toStrictEqual(OK)
    expect(await attempt('guess9@example.com', WRONG, '127.0.0.11')).toStrictEqual(REFUSED)
    expect(await attempt(BOB.email, BOB.password, '127.0.0.11')).toStrictEqual(tooMany(900))
  })
})

describe('rate-limit bypass attempts', () => {
  test('X-Forwarded-For is not trusted: a spoofed address per request changes nothing', async () => {
    for (let i = 0; i < 5; i++) await attempt(`guess${i}@example.com`, WRONG, '127.0.0.12', { 'x-forwarded-for': `203.0.113.${i}` })
    expect(await attempt(ANN.email, ANN.password, '127.0.0.12', { 'x-forwarded-for': '203.0.113.99' })).toStrictEqual(tooMany(900))
  })

  test('parallel guesses: of 12 wrong passwords sent at once, at most 5 are checked, the rest get 429', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(ANN.email, WRONG, `127.0.1.${i + 1}`)))
    expect(replies.filter((reply) => reply.status === 401)).toStrictEqual(Array(5).fill(REFUSED))
    expect(replies.filter((reply) => reply.status === 429)).toStrictEqual(Array(7).fill(tooMany(900)))
  })
})
