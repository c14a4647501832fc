import { Agent } from 'node:http'

import fc from 'fast-check'

import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { SECRET } from '../support/keys'
import { answerOf, sendLatin1 } from '../security/support/raw'
import { jsonSegment } from '../security/support/forge'
import { base64url, headerText, jsonHeader, jsonPayload } from './support/arbitraries'
import { expectedForCookie, type Mode } from './support/oracle'

// Malformed auth cookies over every door: exactly the one answer the oracle works out for the
// cookie this door reads (cookie-parser's doors turn a `j:` value into its JSON, the others read
// the header as sent); never a 5xx, a hang, a user, or a call to a store.

const RUNS = Number(process.env.FUZZ_RUNS) || 250
const agent = new Agent({ keepAlive: true, maxSockets: 4 })
afterAll(() => agent.destroy())

const storeCalls: string[] = []
const options = {
  secretOrPublicKey: SECRET,
  cookie: true,
  blackList: (token: string) => {
    storeCalls.push(token)
    return false
  },
}
const MODES: Mode[] = ['required', 'optional']
const ROUTES: RouteSpec[] = MODES.map((mode) => ({ path: `/${mode}`, mode, options }))

const cookieValue = fc.oneof(
  headerText(),
  base64url(400),
  fc.tuple(jsonHeader, jsonPayload, base64url(100)).map(([h, p, s]) => `${jsonSegment(h)}.${jsonSegment(p)}.${s}`),
  fc.jsonValue({ maxDepth: 3 }).map((value) => `j:${JSON.stringify(value)}`),
  headerText(40).map((text) => `"${text}"`),
  fc.array(fc.constantFrom('%', '%2', '%ZZ', '%E0%A4%A', '%00', '%3B', 'a'), { maxLength: 12 }).map((parts) => parts.join('')),
)
const cookieHeader = fc.oneof(
  cookieValue.map((value) => `auth=${value}`),
  fc.tuple(headerText(40), cookieValue).map(([other, value]) => `${other}; auth=${value}; auth=second`),
  headerText(),
)

describe.each(DOORS)('malformed auth cookie, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(MODES)('%s: arbitrary Cookie headers', async (mode) => {
    await fc.assert(
      fc.asyncProperty(cookieHeader, async (cookie) => {
        const answer = answerOf(await sendLatin1(`${server.url}/${mode}`, { cookie }, agent))
        expect({ cookie, answer }).toStrictEqual({ cookie, answer: expectedForCookie(cookie, mode, 'HS256', door.cookies ?? 'header') })
      }),
      { numRuns: RUNS },
    )
  })

  test('no fuzzed cookie ever reached the blackList', () => {
    expect(storeCalls).toStrictEqual([])
  })
})
