import { DOORS } from '../conformance/doors'
import type { Running } from '../conformance/routes'
import type { Answer } from '../support/http'
import { SECRET } from '../support/keys'
import { MALFORMED, NOT_A_TOKEN } from '../support/answers'
import { answerOf, sendRaw } from '../security/support/raw'

// Huge values, up to the server's header limit and one byte over it. Up to the limit the door
// answers from the table; over it, Node's HTTP parser answers 431 itself, before any door runs:
// that is the server's answer, not the pipeline's, and it is acceptable.

// Node's own, or Fastify's, which answers its parser's errors in JSON.
const TOO_LARGE: Answer[] = [
  { status: 431, body: '', wwwAuthenticate: null },
  {
    status: 431,
    body: { error: 'Request Header Fields Too Large', message: 'Exceeded maximum allowed HTTP header size', statusCode: 431 },
    wwwAuthenticate: null,
  },
]

interface Shape {
  title: string
  path: string
  header: 'Authorization' | 'Cookie'
  value: (n: number) => string
  expected: Answer
}
const SHAPES: Shape[] = [
  { title: 'one huge part', path: '/header', header: 'Authorization', value: (n) => `Bearer ${'a'.repeat(n)}`, expected: MALFORMED },
  { title: 'three huge parts', path: '/header', header: 'Authorization', value: (n) => `Bearer ${threeParts(n)}`, expected: NOT_A_TOKEN },
  { title: 'one huge cookie', path: '/cookie', header: 'Cookie', value: (n) => `auth=${'a'.repeat(n)}`, expected: MALFORMED },
]

/** `n` characters shaped as a JWT whose header segment decodes to nothing JSON. */
function threeParts(n: number): string {
  const third = Math.floor(n / 3)
  return `${'b'.repeat(third)}.${'c'.repeat(third)}.${'d'.repeat(n - 2 * third - 2)}`
}

describe.each(DOORS)('header size limit, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start([
      { path: '/header', mode: 'required', options: { secretOrPublicKey: SECRET } },
      { path: '/cookie', mode: 'required', options: { secretOrPublicKey: SECRET, cookie: true } },
    ])
  })
  afterAll(() => server.close())

  test.each(SHAPES)('$title: the largest value the server reads gets the row, one byte more gets its own 431', async ({ path, header, value, expected }) => {
    const seen: Answer[] = []
    const ask = async (n: number) => {
      const answer = answerOf(await sendRaw(server.url + path, { [header]: value(n) }))
      seen.push(answer)
      return answer
    }
    // The limit by bisection: every answer on the way is the row or the 431, nothing else.
    let fits = 1_000
    let overflows = 64 * 1024
    while (overflows - fits > 1) {
      const middle = (fits + overflows) >> 1
      if ((await ask(middle)).status === 431) overflows = middle
      else fits = middle
    }
    const overLimit = await ask(fits + 1)
    expect({
      atLimit: await ask(fits),
      overLimitIsTheServers: TOO_LARGE.some((answer) => JSON.stringify(answer) === JSON.stringify(overLimit)),
      limitNearNodeDefault: fits > 16_384 - 256 && fits <= 16_384,
      others: seen.filter((a) => a.status !== 431 && JSON.stringify(a) !== JSON.stringify(expected)),
    }).toStrictEqual({ atLimit: expected, overLimitIsTheServers: true, limitNearNodeDefault: true, others: [] })
  })
})
