import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type TestDatabase } from './support/login-server'
import { post } from './support/request'
import { startUserApp } from './support/user-app'

// class-transformer walks a body recursively: 5,000 levels overflowed its stack, answered Foal's
// HTML 500 and logged a RangeError stack per request. The depth is bounded before validation.

let db: TestDatabase
beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
})
afterAll(() => db.drop())

const DEPTH = 5_000
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
const BODIES = [
  { title: 'the email: arrays 5,000 deep', body: `{"email":${arrays(DEPTH)},"password":"x"}` },
  { title: 'the password: objects 5,000 deep', body: `{"email":"${ANN.email}","password":${objects(DEPTH)}}` },
  { title: 'an extra property: objects 5,000 deep', body: `{"email":"${ANN.email}","password":"x","extra":${objects(DEPTH)}}` },
  { title: 'the whole body: objects 5,000 deep', body: objects(DEPTH) },
  { title: 'just past the bound: 33 levels (the password 32 arrays deep)', body: `{"email":"${ANN.email}","password":${arrays(32)}}` },
]
const TOO_DEEP = {
  status: 400,
  body: { code: 'invalid_request', description: 'The request body is nested too deeply (at most 32 levels).', errors: [] },
  type: 'application/json; charset=utf-8',
}

const APPS = [
  { name: 'the demo app (parseJsonBody first)', start: () => startLoginServer() },
  { name: 'an app of one’s own with Foal’s own JSON parser', start: () => startUserApp({ strictParser: false }) },
]

describe.each(APPS)('deeply nested JSON in the login body: 400 invalid_request, nothing logged — $name', ({ start }) => {
  test.each(BODIES)('$title', async ({ body }) => {
    const app = await start()
    const logged = (['log', 'info', 'warn', 'error'] as const).map((level) => jest.spyOn(console, level).mockImplementation(() => undefined))
    try {
      const replies = []
      for (let i = 0; i < 3; i++) replies.push(await post(`${app.url}/auth/login`, { body }))
      expect(replies.map((reply) => ({ status: reply.status, body: reply.body, type: reply.headers['content-type'] }))).toStrictEqual(
        Array(3).fill(TOO_DEEP),
      )
      expect(logged.flatMap((spy) => spy.mock.calls)).toStrictEqual([])
      // Not a login attempt: the account is not throttled by them.
      expect((await post(`${app.url}/auth/login`, { body: ANN })).status).toBe(200)
    } finally {
      logged.forEach((spy) => spy.mockRestore())
      await app.close()
    }
  })

  test('32 levels (the password 31 arrays deep) is within the bound: the usual validation answer', async () => {
    const app = await start()
    try {
      const reply = await post(`${app.url}/auth/login`, { body: `{"email":"${ANN.email}","password":${arrays(31)}}` })
      expect({ status: reply.status, body: reply.body }).toStrictEqual({
        status: 400,
        body: {
          code: 'invalid_request',
          description: 'The request body is invalid.',
          errors: [
            {
              property: 'password',
              constraints: {
                isString: 'password must be a string',
                maxLength: 'password must be shorter than or equal to 256 characters',
              },
            },
          ],
        },
      })
    } finally {
      await app.close()
    }
  })
})
