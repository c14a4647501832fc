import { Agent } from 'node:http'

import fc from 'fast-check'

import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { KEY_KINDS } from '../support/keys'
import { answerOf, sendLatin1 } from '../security/support/raw'
import { dottedParts, forgedSignature, headerText, jsonHeader, jsonPayload, schemeAndText } from './support/arbitraries'
import { expectedForHeader, expectedForJsonParts, type Mode } from './support/oracle'
import { jsonSegment } from '../security/support/forge'

// Malformed input in the Authorization header, thousands of cases over every door: exactly the
// row the oracle works out, never a 5xx, never a hang, and nothing unverified reaches a store.

// FUZZ_RUNS raises it for a longer local run; the suite itself stays bounded.
const RUNS = Number(process.env.FUZZ_RUNS) || 250
const agent = new Agent({ keepAlive: true, maxSockets: 4 })
afterAll(() => agent.destroy())

/** Every call the stores got: a fuzzed token is never authentic, so this must stay empty. */
const storeCalls: string[] = []
const stores = {
  blackList: (token: string) => {
    storeCalls.push(`blackList ${token}`)
    return false
  },
  user: (id: string) => {
    storeCalls.push(`user ${id}`)
    return {}
  },
}
const TARGETS = [...KEY_KINDS.map((kind) => ({ kind, mode: 'required' as Mode })), { kind: KEY_KINDS[0], mode: 'optional' as Mode }]
const ROUTES: RouteSpec[] = TARGETS.map(({ kind, mode }) => ({
  path: `/${kind.name}/${mode}`,
  mode,
  options: { secretOrPublicKey: kind.verifyKey, ...stores },
}))

describe.each(DOORS)('malformed Authorization header, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  const target = fc.constantFrom(...TARGETS)
  const ask = async (value: string, { kind, mode }: (typeof TARGETS)[number]) =>
    answerOf(await sendLatin1(`${server.url}/${kind.name}/${mode}`, { authorization: value }, agent))

  test('arbitrary unicode, with and without a scheme', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(headerText(), schemeAndText), target, async (value, to) => {
        expect(await ask(value, to)).toStrictEqual(expectedForHeader(value, to.mode, to.kind.name))
      }),
      { numRuns: RUNS },
    )
  })

  test('random dot-separated base64url parts', async () => {
    await fc.assert(
      fc.asyncProperty(dottedParts, target, async (token, to) => {
        const value = `Bearer ${token}`
        expect(await ask(value, to)).toStrictEqual(expectedForHeader(value, to.mode, to.kind.name))
      }),
      { numRuns: RUNS },
    )
  })

  test('JSON parts: arrays, strings, null, numbers, JOSE-looking headers, nesting 600 deep; exact row', async () => {
    await fc.assert(
      fc.asyncProperty(jsonHeader, jsonPayload, forgedSignature, target, async (header, payload, signature, to) => {
        // An ES header on the ES256 route gets an ES256 signature of the right length: other
        // lengths and curves meet jwa's and jsonwebtoken's own checks, which throw instead of refusing.
        if (to.kind.name === 'ES256' && /^ES/.test(String((header as { alg?: unknown } | null)?.alg))) {
          header = { ...(header as object), alg: 'ES256' }
          signature = Buffer.alloc(64, 7).toString('base64url')
        }
        const token = `${jsonSegment(header)}.${jsonSegment(payload)}.${signature}`
        expect(await ask(`Bearer ${token}`, to)).toStrictEqual(expectedForJsonParts(header, signature, to.kind.name))
      }),
      { numRuns: RUNS },
    )
  })

  test('no fuzzed token ever reached the blackList or the user loader', () => {
    expect(storeCalls).toStrictEqual([])
  })
})
