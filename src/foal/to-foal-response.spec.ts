import { ERROR_TABLE, type ErrorName } from '../core/errors/error-table'
import { toFailure } from '../core/errors/to-failure'
import { toFoalResponse } from './to-foal-response'

const VALUES = { audience: 'api', issuer: 'issuer', subject: '1', jwtid: 'id', nonce: 'n', message: 'm', access: 'read', path: '/pub/a' }

describe('toFoalResponse: every row of the error table, whatever its status', () => {
  test.each(Object.keys(ERROR_TABLE) as ErrorName[])('%s', (name) => {
    const failure = toFailure(name, VALUES)
    const response = toFoalResponse(failure)
    expect({ status: response.statusCode, body: response.body, headers: response.getHeaders() }).toStrictEqual({
      status: failure.status,
      body: failure.body,
      headers: failure.headers,
    })
  })

  test('a 403 row (forbidden) is a 403 FORBIDDEN, with its body and no challenge', () => {
    const response = toFoalResponse(toFailure('forbidden'))
    expect([response.statusCode, response.statusMessage, response.body, response.getHeaders()]).toStrictEqual([
      403,
      'FORBIDDEN',
      { code: 'forbidden', description: 'Permission denied.' },
      {},
    ])
  })

  test('a status no row has yet (418) is written too, not thrown', () => {
    const response = toFoalResponse({ status: 418, body: undefined, headers: {} })
    expect([response.statusCode, response.statusMessage, response.body]).toStrictEqual([418, "I'M A TEAPOT", undefined])
  })
})
