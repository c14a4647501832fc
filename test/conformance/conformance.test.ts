import { send } from '../support/http'
import { seed } from '../support/database'
import { CASES, database } from './cases'
import { DOORS } from './doors'
import type { Running } from './routes'

beforeAll(() => seed(database))
afterAll(() => database.destroy())

describe.each(DOORS)('door: $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(CASES.map((c) => c.route))
  })
  afterAll(() => server.close())

  test.each(CASES)('$title', async ({ route, request, expected }) => {
    expect(await send(server.url + route.path, request)).toStrictEqual(expected)
  })
})
