import { readTokens } from './read-tokens'

const TOKENS = { accessToken: 'a.b.c', refreshToken: 'r1', expiresAt: '2030-01-01T00:00:00.000Z', token: 'a.b.c' }
const OBJECT = 'be an object { accessToken, refreshToken, expiresAt }'
const STRING = 'be a non-empty string'

describe('readTokens: a TOKENS object, or the field that is wrong', () => {
  test('reads the fields and keeps the object as received', () => {
    const withWsToken = { ...TOKENS, wsToken: 'w.s.t' }
    expect(readTokens(withWsToken, true)).toStrictEqual({
      read: { tokens: withWsToken, accessToken: 'a.b.c', refreshToken: 'r1', expiresAtMs: 1893456000000 },
    })
  })

  test('without refreshToken when the app keeps it elsewhere (cookie mode)', () => {
    const { refreshToken, ...cookieMode } = TOKENS
    expect(refreshToken).toBe('r1')
    expect(readTokens(cookieMode, false)).toStrictEqual({
      read: { tokens: cookieMode, accessToken: 'a.b.c', refreshToken: undefined, expiresAtMs: 1893456000000 },
    })
    expect(readTokens(cookieMode, true)).toStrictEqual({ problem: { field: 'refreshToken', must: STRING } })
  })

  test.each([
    [null, '', OBJECT],
    ['a.b.c', '', OBJECT],
    [[TOKENS], '', OBJECT],
    [{ ...TOKENS, accessToken: undefined }, 'accessToken', STRING],
    [{ ...TOKENS, accessToken: '' }, 'accessToken', STRING],
    [{ ...TOKENS, accessToken: 'a b' }, 'accessToken', STRING],
    [{ ...TOKENS, accessToken: 'a\r\nX-Injected: 1' }, 'accessToken', STRING],
    [{ ...TOKENS, refreshToken: 42 }, 'refreshToken', STRING],
    [{ ...TOKENS, refreshToken: null }, 'refreshToken', STRING],
    [{ ...TOKENS, expiresAt: undefined }, 'expiresAt', 'be an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch'],
    [{ ...TOKENS, expiresAt: 1893456000 }, 'expiresAt', 'be an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch (1893456000 looks like seconds)'],
  ])('%p: %s', (value, field, must) => {
    expect(readTokens(value, true)).toStrictEqual({ problem: { field, must } })
  })
})
