import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from './support/login-server'
import { post } from './support/request'

let db: TestDatabase
let server: LoginServer

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  server = await startLoginServer()
})
afterAll(async () => {
  await server.close()
  await db.drop()
})

const INVALID = { code: 'invalid_request', description: 'The request body is invalid.' }
const EXTRA = (property: string) => ({ property, constraints: { whitelistValidation: `property ${property} should not exist` } })
const NOT_AN_EMAIL = { property: 'email', constraints: { isEmail: 'email must be an email' } }
const PASSWORD_MISSING = {
  property: 'password',
  constraints: {
    isString: 'password must be a string',
    isNotEmpty: 'password should not be empty',
    maxLength: 'password must be shorter than or equal to 256 characters',
  },
}
const EMAIL_MISSING = {
  property: 'email',
  constraints: {
    isEmail: 'email must be an email',
    maxLength: 'email must be shorter than or equal to 254 characters',
  },
}

const CASES: { title: string; body: unknown; headers?: Record<string, string>; status?: number; expected: unknown }[] = [
  { title: 'missing password', body: { email: ANN.email }, expected: { ...INVALID, errors: [PASSWORD_MISSING] } },
  { title: 'missing email', body: { password: ANN.password }, expected: { ...INVALID, errors: [EMAIL_MISSING] } },
  { title: 'empty object', body: {}, expected: { ...INVALID, errors: [EMAIL_MISSING, PASSWORD_MISSING] } },
  { title: 'bad email', body: { email: 'ann-at-example.com', password: ANN.password }, expected: { ...INVALID, errors: [NOT_AN_EMAIL] } },
  {
    title: 'empty password',
    body: { email: ANN.email, password: '' },
    expected: { ...INVALID, errors: [{ property: 'password', constraints: { isNotEmpty: 'password should not be empty' } }] },
  },
  {
    title: 'password longer than 256',
    body: { email: ANN.email, password: 'x'.repeat(257) },
    expected: {
      ...INVALID,
      errors: [{ property: 'password', constraints: { maxLength: 'password must be shorter than or equal to 256 characters' } }],
    },
  },
  {
    title: 'password not a string',
    body: { email: ANN.email, password: 12345678 },
    expected: {
      ...INVALID,
      errors: [
        {
          property: 'password',
          constraints: { isString: 'password must be a string', maxLength: 'password must be shorter than or equal to 256 characters' },
        },
      ],
    },
  },
  { title: 'extra property', body: { ...ANN, admin: true }, expected: { ...INVALID, errors: [EXTRA('admin')] } },
  {
    title: 'extra __proto__ and constructor (dropped by class-transformer, refused all the same)',
    body: `{"email":"${ANN.email}","password":"${ANN.password}","__proto__":{"admin":true},"constructor":1}`,
    expected: { ...INVALID, errors: [EXTRA('__proto__'), EXTRA('constructor')] },
  },
  {
    title: 'everything wrong at once, listed by property',
    body: { email: 'x', password: '', role: 'admin' },
    expected: {
      ...INVALID,
      errors: [NOT_AN_EMAIL, { property: 'password', constraints: { isNotEmpty: 'password should not be empty' } }, EXTRA('role')],
    },
  },
  { title: 'an empty body (Content-Length: 0) is no body, not malformed JSON: both fields missing', body: '', expected: { ...INVALID, errors: [EMAIL_MISSING, PASSWORD_MISSING] } },
  ...['{"email":', ' ', '{email: "a@b.c"}', 'NaN'].map((body) => ({
    title: `non-JSON ${JSON.stringify(body)}`,
    body,
    expected: { code: 'invalid_request', description: 'The request body is not valid JSON.', errors: [] },
  })),
  ...['[]', 'null', '"ann@example.com"', '42', `[${JSON.stringify(ANN)}]`].map((body) => ({
    title: `not an object: ${body}`,
    body,
    expected: { code: 'invalid_request', description: 'The request body must be a JSON object.', errors: [] },
  })),
  ...[
    ['a form', 'application/x-www-form-urlencoded', `email=${ANN.email}&password=x`],
    ['text', 'text/plain', JSON.stringify(ANN)],
  ].map(([kind, type, body]) => ({
    title: `${kind} instead of JSON (${type})`,
    body,
    headers: { 'content-type': type },
    expected: { code: 'invalid_request', description: 'The request body must be JSON (Content-Type: application/json).', errors: [] },
  })),
  {
    title: 'a compressed body',
    body: JSON.stringify(ANN),
    headers: { 'content-encoding': 'gzip' },
    status: 415,
    expected: { code: 'invalid_request', description: 'The request body must not be compressed.', errors: [] },
  },
  {
    title: 'a body over 100 KB',
    body: JSON.stringify({ ...ANN, padding: 'x'.repeat(100 * 1024) }),
    status: 413,
    expected: { code: 'invalid_request', description: 'The request body is too large.', errors: [] },
  },
]

test.each(CASES)('400: $title', async ({ body, headers, status = 400, expected }) => {
  const reply = await post(`${server.url}/auth/login`, { body, headers })
  expect({ status: reply.status, body: reply.body, type: reply.headers['content-type'] }).toStrictEqual({
    status,
    body: expected,
    type: 'application/json; charset=utf-8',
  })
})

test('a bad body is not a failed attempt: the rate limit is untouched', async () => {
  for (let i = 0; i < 8; i++) await post(`${server.url}/auth/login`, { body: { email: ANN.email } })
  expect((await post(`${server.url}/auth/login`, { body: ANN })).status).toBe(200)
})
