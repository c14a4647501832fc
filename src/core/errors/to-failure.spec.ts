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

  test('a 401 row takes the verifier message and escapes " and \\ in the header only', () => {
    const failure = toFailure('badAudience', 'jwt audience invalid. expected: a"b\\c')
    expect(failure.body).toStrictEqual({ code: 'invalid_token', description: 'jwt audience invalid. expected: a"b\\c' })
    expect(failure.headers).toStrictEqual({
      'WWW-Authenticate': 'error="invalid_token", error_description="jwt audience invalid. expected: a\\"b\\\\c"',
    })
  })

  test('the 500 rows have no body at all', () => {
    expect({ ...toFailure('noKey') }).toStrictEqual({ status: 500, body: undefined, headers: {} })
    expect({ ...toFailure('fault') }).toStrictEqual({ status: 500, body: undefined, headers: {} })
  })

  test('every 401 row is invalid_token and every 400 row invalid_request', () => {
    for (const row of Object.values(ERROR_TABLE)) {
      if (row.status === 401) expect(row).toHaveProperty('code', 'invalid_token')
      if (row.status === 400) expect(row).toHaveProperty('code', 'invalid_request')
    }
  })
})
