import { fetchUser } from '../../src/typeorm/fetch-user'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { invalidToken, ok } from '../support/answers'
import { createTestDatabase, Member, seed } from '../support/database'
import { send } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'

// One user, one spelling: Number() reads "01", "1.0", "+1", " 1", "1e0" and "-0" as a number
// that names user 1 (or user 0), so a token minted for one of those strings would have loaded
// user 1. Only the canonical decimal form of a safe integer names a numeric id.

const [HS] = KEY_KINDS
const database = createTestDatabase()
const NOT_CANONICAL = ['01', '001', '1.0', '1.', '+1', ' 1', '1 ', '1e0', '0x1', '-0', '1_0', '９']
const UNKNOWN_USER = invalidToken('The token subject does not match any user.')
const ROUTES: RouteSpec[] = [{ path: '/me', mode: 'required', options: { secretOrPublicKey: HS.verifyKey, user: fetchUser(Member, database) } }]

beforeAll(() => seed(database))
afterAll(() => database.destroy())

describe.each(DOORS)('non-canonical numeric sub loads no user (row 12), door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(NOT_CANONICAL)('sub %j', async (sub) => {
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${tokenFor(HS, { sub })}` })).toStrictEqual(UNKNOWN_USER)
  })

  test('sub "1", the canonical form, loads user 1', async () => {
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${tokenFor(HS, { sub: '1' })}` })).toStrictEqual(
      ok({ id: 1, email: 'member@example.com' }),
    )
  })
})

describe('fetchUser on a numeric primary key', () => {
  const load = fetchUser(Member, database)
  test.each([...NOT_CANONICAL, '', '1.5', '-1.0', '9007199254740993', '1e21', 'Infinity', 'NaN'])('finds no user for %j', async (sub) => {
    expect(await load(sub)).toBeUndefined()
  })

  test('finds user 1 for "1" only, and asks for nothing out of range', async () => {
    expect(await load('1')).toStrictEqual(Object.assign(new Member(), { id: 1, email: 'member@example.com' }))
    expect(await load('9007199254740991')).toBeUndefined()
    expect(await load('-1')).toBeUndefined()
  })
})
