import { ERROR_TABLE } from './error-table'
import { toFailure } from './to-failure'

describe('toFailure', () => {
  test('a 400 row has a body and no WWW-Authenticate', () => {
    expect({ ...toFailure('noHeader') }).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'Authorization header not found.' },
      headers: {},
    })
  })

  test('a 401 row with a fixed description', () => {
    expect({ ...toFailure('revoked') }).toStrictEqual({
      status: 401,
      body: { code: 'invalid_token', description: 'jwt revoked' },
      headers: { 'WWW-Authenticate': 'error="invalid_token", error_description="jwt revoked"' },
    })
  })

  test('a 401 row fills its mark and escapes " and \\ in the header only', () => {
    const failure = toFailure('badAudience', { audience: 'a"b\\c' })
    expect(failure.body).toStrictEqual({ code: 'invalid_token', description: 'jwt audience invalid. expected: a"b\\c' })
    expect(failure.headers).toStrictEqual({
      'WWW-Authenticate': 'error="invalid_token", error_description="jwt audience invalid. expected: a\\"b\\\\c"',
    })
  })

  test('the 500 rows have no body at all', () => {
    expect({ ...toFailure('noKey') }).toStrictEqual({ status: 500, body: undefined, headers: {} })
    expect({ ...toFailure('fault') }).toStrictEqual({ status: 500, body: undefined, headers: {} })
  })

  test('a 403 row with a challenge: insufficient_scope, its marks filled (RFC 6750 §3.1)', () => {
    expect({ ...toFailure('insufficientScope', { access: 'write', path: '/pub/a.txt' }) }).toStrictEqual({
      status: 403,
      body: { code: 'insufficient_scope', description: 'The token does not grant write on /pub/a.txt.' },
      headers: { 'WWW-Authenticate': 'error="insufficient_scope", error_description="The token does not grant write on /pub/a.txt."' },
    })
  })

  test('the other 403 rows carry no challenge', () => {
    expect({ ...toFailure('invalidCsrfToken') }).toStrictEqual({
      status: 403,
      body: { code: 'invalid_csrf_token', description: 'CSRF token missing or incorrect.' },
      headers: {},
    })
    expect({ ...toFailure('forbidden') }).toStrictEqual({ status: 403, body: { code: 'forbidden', description: 'Permission denied.' }, headers: {} })
  })

  test('a mark with no value stays as written: row 4 says Bearer <token>', () => {
    expect(toFailure('notBearer').body?.description).toBe('Expected a bearer token. Scheme is Authorization: Bearer <token>.')
  })

  test('the answer names its row', () => {
    expect(toFailure('noKeyForKid').row).toBe('noKeyForKid')
  })

  test('every 401 row is invalid_token with a challenge, every 400 row invalid_request without', () => {
    for (const row of Object.values(ERROR_TABLE)) {
      if (row.status === 401) expect(row).toMatchObject({ code: 'invalid_token', challenge: true })
      if (row.status === 400) expect(row).not.toHaveProperty('challenge')
    }
  })
})
