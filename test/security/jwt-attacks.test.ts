import { createServer } from 'node:http'

import { DOORS } from '../conformance/doors'
import type { Running } from '../conformance/routes'
import { close, listen, send } from '../support/http'
import { ROUTES, rowsOf, type Attack } from './attacks/attack'
import { OUT_OF_TIME, WRONG_TYPE_CLAIMS } from './attacks/claims'
import { ALG_CONFUSION, ALG_SUBSTITUTION, WRONG_KEY } from './attacks/confusion'
import { KEY_INJECTION, keyServer, UNKNOWN_CRIT } from './attacks/headers'
import { TAMPERING } from './attacks/tampering'
import { ALG_NONE } from './attacks/unsigned'

// Known attacks on JWT verifiers, each against HS256, RS256 and ES256 routes (default algorithms,
// pinned algorithms, JWTOptional) of every door, over real HTTP: the whole answer, exactly.
const ATTACKS: Attack[] = [
  ALG_NONE,
  ALG_CONFUSION,
  ALG_SUBSTITUTION,
  WRONG_KEY,
  TAMPERING,
  UNKNOWN_CRIT,
  KEY_INJECTION,
  WRONG_TYPE_CLAIMS,
  OUT_OF_TIME,
]

// The attacker's key set, in case anything fetches it: any request it gets fails the suite.
const keys = createServer((request, response) => {
  keyServer.hits.push(`${request.method} ${request.url}`)
  response.end('{"keys":[]}')
})

beforeAll(async () => {
  keyServer.url = await listen(keys)
})
afterAll(() => close(keys))

describe.each(DOORS)('door: $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  describe.each(ATTACKS.map((attack) => ({ name: attack.name, rows: rowsOf(attack) })))('$name', ({ rows }) => {
    test.each(rows)('$title', async ({ path, token, expected }) => {
      expect(await send(server.url + path, { authorization: `Bearer ${token()}` })).toStrictEqual(expected)
    })
  })

  test('no key URL named in a header (jku, x5u) was ever fetched', () => {
    expect(keyServer.hits).toStrictEqual([])
  })
})
