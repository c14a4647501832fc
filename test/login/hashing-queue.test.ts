import { HashingQueue } from '../../src/login/hashing-queue.service'
import { User } from '../../src/typeorm/user.entity'
import { attempt, busy, OK, REFUSED, tooMany, WRONG, type Judged } from './support/attempts'
import { ANN, BOB, useLoginServer } from './support/login-server'
import { bearer, get, post } from './support/request'

// Every login costs a full PBKDF2 hash on libuv's thread pool, which SQLite shares: 20 accounts
// logging in in a loop took GET /api/me from 40 ms to 6.9 s median. Hashing is now bounded.

let queue: HashingQueue
const server = useLoginServer((services) => {
  queue = services.get(HashingQueue)
  queue.concurrency = 2
  queue.maxWaiting = 3
})

// 20 more accounts, for a storm of successful logins that no per-email limit slows down.
const STORM = Array.from({ length: 20 }, (_, i) => ({ email: `storm${i}@example.com`, password: `storm passphrase ${i}` }))
beforeAll(async () => {
  for (const { email, password } of STORM) {
    const user = User.create({ email })
    await user.setPassword(password)
    await user.save()
  }
})

/** Two password checks already in flight, held until `release()`: the queue's running slots are taken. */
function holdRunningSlots(): { release(): void } {
  const releases: (() => void)[] = []
  for (let i = 0; i < queue.concurrency; i++) void queue.run(() => new Promise<void>((resolve) => releases.push(resolve)))
  return { release: () => releases.forEach((release) => release()) }
}

/** Resolves once `count` of the promises have settled. */
function settled(promises: Promise<unknown>[], count: number): Promise<void> {
  let done = 0
  return new Promise((resolve) => promises.forEach((p) => void p.finally(() => ++done === count && resolve())))
}

describe('password hashing is bounded: beyond the queue, a login is answered 503 with Retry-After at once', () => {
  test('running slots full, 3 waiting: of 8 logins sent at once, 5 get 503 at once, 3 are answered once hashing resumes', async () => {
    const held = holdRunningSlots()
    const logins = Array.from({ length: 8 }, (_, i) => attempt(server, ANN.email, ANN.password, `127.0.4.${i + 1}`))
    await settled(logins, 5)
    expect(queue.load).toStrictEqual({ running: 2, waiting: 3 })
    held.release()
    const answers = await Promise.all(logins)
    expect(sortByStatus(answers)).toStrictEqual([...Array(3).fill(OK), ...Array(5).fill(busy(1))])
  })

  test('a 503 is not a failed attempt: only the 3 checked wrong passwords count against the email', async () => {
    const held = holdRunningSlots()
    const logins = Array.from({ length: 8 }, (_, i) => attempt(server, BOB.email, WRONG, `127.0.5.${i + 1}`))
    await settled(logins, 5)
    held.release()
    expect(sortByStatus(await Promise.all(logins))).toStrictEqual([...Array(3).fill(REFUSED), ...Array(5).fill(busy(1))])
    expect(await attempt(server, BOB.email, WRONG, '127.0.5.20')).toStrictEqual(REFUSED)
    expect(await attempt(server, BOB.email, WRONG, '127.0.5.21')).toStrictEqual(REFUSED)
    expect(await attempt(server, BOB.email, BOB.password, '127.0.5.22')).toStrictEqual(tooMany(60))
  })

  test('a login storm (20 accounts and 20 wrong guesses at once): every answer exact, and GET /api/me keeps answering correctly', async () => {
    const reply = await post(`${server.url}/auth/login`, { body: ANN })
    const token = (reply.body as { token: string }).token
    const storm = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? attempt(server, STORM[i / 2].email, STORM[i / 2].password, `127.0.6.${i + 1}`).then((answer) => ({ kind: 'right', answer }))
        : attempt(server, `guess${i}@example.com`, WRONG, `127.0.6.${i + 1}`).then((answer) => ({ kind: 'wrong', answer })),
    )
    const me = await Promise.all(Array.from({ length: 10 }, () => get(`${server.url}/api/me`, bearer(token))))
    expect(me.map((r) => ({ status: r.status, body: r.body }))).toStrictEqual(Array(10).fill({ status: 200, body: { id: 1, email: ANN.email } }))
    for (const { kind, answer } of await Promise.all(storm)) {
      expect([kind, answer]).toStrictEqual([kind, answer.status === 503 ? busy(1) : kind === 'right' ? OK : REFUSED])
    }
    expect(queue.load).toStrictEqual({ running: 0, waiting: 0 })
  })
})

function sortByStatus(answers: Judged[]): Judged[] {
  return [...answers].sort((a, b) => a.status - b.status)
}
