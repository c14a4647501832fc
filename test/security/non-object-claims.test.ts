import type { RouteSpec, Running } from '../conformance/routes'
import { DOORS } from '../conformance/doors'
import { MALFORMED } from '../support/answers'
import { send } from '../support/http'
import { KEY_KINDS } from '../support/keys'
import { segment, signAs } from './support/forge'
import { bearer, inProcess } from './support/in-process'

// RFC 7519 §7.2: the claims set is a JSON object. A correctly signed `[]` or `[{"sub":"1"}]` was
// let in as a user (req.user an array, a token that never expires), a `typ: JWT` payload of null
// answered 500 with a TypeError logged, and a JSON string holding an object was read as that
// object. Whoever holds the key can sign these; they are row 6, on every path: every case against
// the core in process, and on every door over HTTP the array and the null of `typ: JWT` per route.

/** Payload texts signed as they are: JSON that is no object, and text that is no JSON. */
const PAYLOADS: [string, string][] = [
  ['an empty array', '[]'],
  ['an array of claims', '[{"sub":"1","role":"admin"}]'],
  ['null', 'null'],
  ['a string', '"admin"'],
  ['a JSON string holding an object', '"{\\"sub\\":\\"1\\"}"'],
  ['a number', '42'],
  ['true', 'true'],
  ['false', 'false'],
  ['text that is no JSON', 'not json'],
]
const TYPES: [string, Record<string, unknown>][] = [
  ['typ JWT', { typ: 'JWT' }],
  ['no typ', {}],
]

/** Every loader call: a token with no claims set never names a user. */
const loaded: string[] = []
const user = (id: string) => {
  loaded.push(id)
  return { id }
}

// The node:crypto path with its own claims checks, the same path with jsonwebtoken's claims
// (maxAge, a global RegExp audience), JWTOptional, and a user loader.
const VARIANTS = [
  { name: 'default', mode: 'required', verifyOptions: undefined, options: {} },
  { name: 'maxAge', mode: 'required', verifyOptions: { maxAge: '1d' }, options: {} },
  { name: 'audience', mode: 'required', verifyOptions: { audience: /^api$/g }, options: {} },
  { name: 'optional', mode: 'optional', verifyOptions: undefined, options: {} },
  { name: 'user', mode: 'required', verifyOptions: undefined, options: { user } },
] as const
const ROUTES: RouteSpec[] = KEY_KINDS.flatMap((kind) =>
  VARIANTS.map((variant) => ({
    path: `/${kind.name}/${variant.name}`,
    mode: variant.mode,
    options: { secretOrPublicKey: kind.verifyKey, ...variant.options },
    verifyOptions: variant.verifyOptions,
  })),
)
// Every key kind on the default route; the other routes with HS256 (their paths differ after the signature).
const CASES = KEY_KINDS.flatMap((kind) =>
  PAYLOADS.flatMap(([what, text]) =>
    TYPES.flatMap(([typName, typ]) =>
      VARIANTS.filter((variant) => kind === KEY_KINDS[0] || variant.name === 'default').map((variant) => ({
        title: `${kind.name} ${variant.name}: ${what}, ${typName}`,
        path: `/${kind.name}/${variant.name}`,
        token: signAs({ alg: kind.algorithm, ...typ }, text, kind.signingKey),
      })),
    ),
  ),
)

const TITLE = 'claims set that is not a JSON object: a correctly signed payload of [], null, a string, a number or a boolean is jwt malformed'

describe(`${TITLE}, the core in process`, () => {
  const routes = new Map(ROUTES.map((route) => [route.path, inProcess(route)]))

  test.each(CASES)('$title', async ({ path, token }) => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    // Three times: a token is kept from its second verify, so the third answer comes from the
    // cache, and must be the same.
    for (let i = 0; i < 3; i++) expect(await routes.get(path)!(bearer(token))).toStrictEqual(MALFORMED)
    expect(log).not.toHaveBeenCalled()
    log.mockRestore()
  })

  test('no such token ever reached the user loader', () => {
    expect(loaded).toStrictEqual([])
  })
})

// Each door's slice: on every route, the array of claims and the null payload of a `typ: JWT` token.
const SLICE = CASES.filter(({ title }) => /: (an array of claims|null), typ JWT$/.test(title))

describe.each(DOORS)(`${TITLE}, door $name`, (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(SLICE)('$title', async ({ path, token }) => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    for (let i = 0; i < 3; i++) expect(await send(server.url + path, { authorization: `Bearer ${token}` })).toStrictEqual(MALFORMED)
    expect(log).not.toHaveBeenCalled()
    log.mockRestore()
  })

  test('no such token ever reached the user loader', () => {
    expect(loaded).toStrictEqual([])
  })
})

test('the payloads above are signed as written, not re-encoded', () => {
  const [header, payload] = signAs({ alg: 'HS256' }, '[]', KEY_KINDS[0].signingKey).split('.')
  expect([header, payload]).toStrictEqual([segment({ alg: 'HS256' }), segment('[]')])
})
