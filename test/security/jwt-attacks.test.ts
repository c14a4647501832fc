import { createServer } from 'node:http'

import { close, listen } from '../support/http'
import { ROUTES, rowsOf } from './attacks/attack'
import { ATTACKS } from './attacks/all'
import { keyServer } from './attacks/headers'
import { bearer, inProcess } from './support/in-process'

// Known attacks on JWT verifiers, each against HS256, RS256, ES256 and EdDSA routes (default
// algorithms, pinned algorithms, JWTOptional): every case against the core in process, the whole
// answer, exactly. What a door makes of that answer is the conformance suite's, over HTTP, with
// a slice of these attacks on every door (test/conformance/slice.test.ts).

// The attacker's key set, in case anything fetches it: any request it gets fails the suite.
const keys = createServer((request, response) => {
  keyServer.hits.push(`${request.method} ${request.url}`)
  response.end('{"keys":[]}')
})

beforeAll(async () => {
  keyServer.url = await listen(keys)
})
afterAll(() => close(keys))

const routes = new Map(ROUTES.map((route) => [route.path, inProcess(route)]))

describe.each(ATTACKS.map((attack) => ({ name: attack.name, rows: rowsOf(attack) })))('$name', ({ rows }) => {
  test.each(rows)('$title', async ({ path, token, expected }) => {
    expect(await routes.get(path)!(bearer(token()))).toStrictEqual(expected)
  })
})

test('no key URL named in a header (jku, x5u) was ever fetched', () => {
  expect(keyServer.hits).toStrictEqual([])
})
