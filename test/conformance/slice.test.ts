import { createServer } from 'node:http'

import { ROUTES, sliceOf } from '../security/attacks/attack'
import { ATTACKS } from '../security/attacks/all'
import { keyServer } from '../security/attacks/headers'
import { close, listen, send } from '../support/http'
import { DOORS } from './doors'
import type { Running } from './routes'
import { rowCases } from './rows'

// Each door's translation of the core's answers, over real HTTP: the rows of the error table the
// conformance cases do not reach, and a handful of every attack (the first case per key kind).
// The whole attack matrix runs against the core in process (test/security/jwt-attacks.test.ts).

const ROWS = rowCases()
const ATTACK_SLICE = ATTACKS.flatMap((attack) => sliceOf(attack).map((row) => ({ ...row, title: `${attack.name}: ${row.title}` })))

const logged: unknown[] = []
const keys = createServer((request, response) => {
  keyServer.hits.push(`${request.method} ${request.url}`)
  response.end('{"keys":[]}')
})

beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation((...args) => void logged.push(args.map(String).join(' ')))
  jest.spyOn(console, 'warn').mockImplementation((...args) => void logged.push(args.map(String).join(' ')))
  keyServer.url = await listen(keys)
})
afterAll(async () => {
  jest.restoreAllMocks()
  await close(keys)
})

describe.each(DOORS)('door: $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start([...ROUTES, ...ROWS.map((c) => c.route)])
    logged.length = 0
  })
  afterAll(() => server.close())

  test.each(ROWS)('row: $title', async ({ route, token, expected, logs }) => {
    logged.length = 0
    const answer = await send(server.url + route.path, { authorization: `Bearer ${token()}` })
    expect({ answer, logged }).toStrictEqual({ answer: expected, logged: logs })
  })

  test.each(ATTACK_SLICE)('attack: $title', async ({ path, token, expected }) => {
    logged.length = 0
    const answer = await send(server.url + path, { authorization: `Bearer ${token()}` })
    expect({ answer, logged }).toStrictEqual({ answer: expected, logged: [] })
  })

  test('no key URL named in a header (jku, x5u) was ever fetched', () => {
    expect(keyServer.hits).toStrictEqual([])
  })
})
