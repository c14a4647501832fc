import { MemoryAttemptStore } from '../../src/stores/memory/memory-attempt-store'
import { LoginAttempts } from '../../src/login/login-attempts.service'
import { attempt as attemptOn, busy, MINUTE, OK, REFUSED, tooMany, WRONG } from './support/attempts'
import { ANN, BOB, useLoginServer } from './support/login-server'

// Smaller than the default (50,000) so that filling it takes a few dozen logins, not 25,000.
const MAX_KEYS = 20
const server = useLoginServer((services) => {
  services.get(LoginAttempts).store = new MemoryAttemptStore({ maxKeys: MAX_KEYS })
})
const attempt = (email: string, password: string, from?: string, headers?: Record<string, string>) => attemptOn(server, email, password, from, headers)

describe('one email, from addresses not recognised for it: 5 failures free, then a wait that doubles', () => {
  test('1, 2, 4, 8, then 15 minutes at most after the latest failure; the right password waits too; other accounts do not', async () => {
    let from = 10
    const next = () => `127.0.0.${from++}`
    for (let i = 0; i < 5; i++) expect(await attempt(ANN.email, WRONG, next())).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, next())).toStrictEqual(tooMany(60))
    expect(await attempt(BOB.email, BOB.password, next())).toStrictEqual(OK)
    server.advance(MINUTE - 1000)
    expect(await attempt(ANN.email, ANN.password, next())).toStrictEqual(tooMany(1))
    for (const minutes of [2, 4, 8, 15, 15]) {
      server.advance(1000)
      expect(await attempt(ANN.email, WRONG, next())).toStrictEqual(REFUSED)
      expect(await attempt(ANN.email, ANN.password, next())).toStrictEqual(tooMany(minutes * 60))
      server.advance(minutes * MINUTE - 1000)
    }
    server.advance(1000)
    expect(await attempt(ANN.email, ANN.password, next())).toStrictEqual(OK)
  })

  test('the count is forgotten 15 minutes after the wait ends, not before', async () => {
    for (let i = 0; i < 5; i++) await attempt(ANN.email, WRONG, `127.0.0.${20 + i}`)
    server.advance(MINUTE + 15 * MINUTE - 1000)
    // Still counted: the 6th failure, and then a 2-minute wait.
    expect(await attempt(ANN.email, WRONG, '127.0.0.26')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.27')).toStrictEqual(tooMany(120))
    server.advance(2 * MINUTE + 15 * MINUTE)
    for (let i = 0; i < 5; i++) expect(await attempt(ANN.email, WRONG, `127.0.0.${30 + i}`)).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.36')).toStrictEqual(tooMany(60))
  })

  test('the email is one key in any case', async () => {
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? ANN.email.toUpperCase() : ANN.email, WRONG, `127.0.0.${30 + i}`)
    expect(await attempt('Ann@Example.com', ANN.password, '127.0.0.40')).toStrictEqual(tooMany(60))
  })

  test('a success from an address not yet recognised resets the email’s count', async () => {
    for (let i = 0; i < 4; i++) expect(await attempt(ANN.email, WRONG, `127.0.0.${50 + i}`)).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.55')).toStrictEqual(OK)
    for (let i = 0; i < 5; i++) expect(await attempt(ANN.email, WRONG, `127.0.0.${60 + i}`)).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.66')).toStrictEqual(tooMany(60))
  })
})

describe('lockout: guesses at an account from elsewhere do not lock its owner out of a recognised address', () => {
  test('an address that logged in for the email before is not slowed by 20 failures from elsewhere; a fresh address is', async () => {
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(OK)
    for (let i = 0; i < 5; i++) expect(await attempt(ANN.email, WRONG, `127.0.1.${i + 1}`)).toStrictEqual(REFUSED)
    for (let i = 0; i < 15; i++) {
      expect(await attempt(ANN.email, WRONG, `127.0.1.${i + 10}`)).toStrictEqual(tooMany(60))
    }
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(OK)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.6')).toStrictEqual(tooMany(60))
    // The owner's login from a recognised address does not reset the count kept against the others.
    expect(await attempt(ANN.email, WRONG, '127.0.1.40')).toStrictEqual(tooMany(60))
  })

  test('5 wrong passwords from elsewhere cost a fresh address of the owner a 1-minute wait, not 15', async () => {
    for (let i = 0; i < 5; i++) await attempt(ANN.email, WRONG, `127.0.1.${i + 1}`)
    expect(await attempt(ANN.email, ANN.password, '127.0.2.1')).toStrictEqual(tooMany(60))
    server.advance(MINUTE)
    expect(await attempt(ANN.email, ANN.password, '127.0.2.1')).toStrictEqual(OK)
  })

  test('recognition is per email: an address recognised for Ann is a stranger to Bob', async () => {
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(OK)
    for (let i = 0; i < 5; i++) await attempt(BOB.email, WRONG, `127.0.1.${i + 1}`)
    expect(await attempt(BOB.email, BOB.password, '127.0.0.5')).toStrictEqual(tooMany(60))
  })

  test('recognition lasts 30 days after the latest login from the address', async () => {
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(OK)
    server.advance(20 * 24 * 60 * MINUTE)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(OK)
    server.advance(30 * 24 * 60 * MINUTE - 1000)
    for (let i = 0; i < 5; i++) await attempt(ANN.email, WRONG, `127.0.1.${i + 1}`)
    // Still recognised (a typo there is not held to the email's wait), for one more second.
    expect(await attempt(ANN.email, WRONG, '127.0.0.5')).toStrictEqual(REFUSED)
    server.advance(1000)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(tooMany(59))
  })

  test('the per-address limit still applies to a recognised address', async () => {
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(OK)
    for (let i = 0; i < 5; i++) expect(await attempt(`guess${i}@example.com`, WRONG, '127.0.0.5')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.5')).toStrictEqual(tooMany(60))
  })
})

describe('one address: 5 failures free for any emails, then the same doubling wait', () => {
  test('the 6th attempt from that address waits 1 minute; other addresses are not affected', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(`guess${i}@example.com`, WRONG, '127.0.0.7')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.0.7')).toStrictEqual(tooMany(60))
    expect(await attempt(ANN.email, ANN.password, '127.0.0.8')).toStrictEqual(OK)
    server.advance(MINUTE)
    // A success gives its attempt back: the next failure is the 6th, and doubles the wait.
    expect(await attempt(BOB.email, BOB.password, '127.0.0.7')).toStrictEqual(OK)
    expect(await attempt('guess9@example.com', WRONG, '127.0.0.7')).toStrictEqual(REFUSED)
    expect(await attempt(BOB.email, BOB.password, '127.0.0.7')).toStrictEqual(tooMany(120))
  })

  test('successful logins do not count against the address (a shared NAT keeps working)', async () => {
    for (let i = 0; i < 8; i++) expect(await attempt(i % 2 ? ANN.email : BOB.email, i % 2 ? ANN.password : BOB.password, '127.0.0.9')).toStrictEqual(OK)
  })

  test('a success does not wipe the address’s failures on other accounts', async () => {
    for (let i = 0; i < 4; i++) await attempt(`guess${i}@example.com`, WRONG, '127.0.0.11')
    expect(await attempt(ANN.email, ANN.password, '127.0.0.11')).toStrictEqual(OK)
    expect(await attempt('guess9@example.com', WRONG, '127.0.0.11')).toStrictEqual(REFUSED)
    expect(await attempt(BOB.email, BOB.password, '127.0.0.11')).toStrictEqual(tooMany(60))
  })
})

describe('rate-limit bypass attempts', () => {
  test('X-Forwarded-For is not trusted by default: a spoofed address per request changes nothing', async () => {
    for (let i = 0; i < 5; i++) await attempt(`guess${i}@example.com`, WRONG, '127.0.0.12', { 'x-forwarded-for': `203.0.113.${i}` })
    expect(await attempt(ANN.email, ANN.password, '127.0.0.12', { 'x-forwarded-for': '203.0.113.99' })).toStrictEqual(tooMany(60))
  })

  test('parallel guesses: of 12 wrong passwords sent at once, at most 5 are checked, the rest get 429', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(ANN.email, WRONG, `127.0.1.${i + 1}`)))
    expect(replies.filter((reply) => reply.status === 401)).toStrictEqual(Array(5).fill(REFUSED))
    expect(replies.filter((reply) => reply.status === 429)).toStrictEqual(Array(7).fill(tooMany(60)))
  })

  test('the per-email throttle cannot be reset by flooding the store with failures from other addresses: a live counter is never dropped', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(ANN.email, WRONG, `127.0.2.${i + 1}`)).toStrictEqual(REFUSED)
    // 6 counters so far (Ann's email, 5 addresses); each guess below needs 2 new ones: 7 fit.
    const flood = []
    for (let i = 0; i < 20; i++) flood.push(await attempt(`guess${i}@example.com`, WRONG, `127.0.3.${i + 1}`))
    // Full of live counters: refused, not evicted, until the first of them may expire (15 minutes).
    expect(flood).toStrictEqual([...Array(7).fill(REFUSED), ...Array(13).fill(busy(900))])
    expect(await attempt(ANN.email, ANN.password, '127.0.2.1')).toStrictEqual(tooMany(60))
    server.advance(MINUTE)
    expect(await attempt(ANN.email, WRONG, '127.0.2.1')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.2.2')).toStrictEqual(tooMany(120))
    server.advance(15 * MINUTE)
    // The flood's counters have expired: room again, and Ann's count (7 failures) is still there.
    expect(await attempt(`guess99@example.com`, WRONG, '127.0.3.99')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, WRONG, '127.0.2.3')).toStrictEqual(REFUSED)
    expect(await attempt(ANN.email, ANN.password, '127.0.2.4')).toStrictEqual(tooMany(240))
  })
})
