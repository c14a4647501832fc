import { parseExpiresAt } from './parse-expires-at'

const EXPECTED = 'be an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch'

describe('parseExpiresAt: both forms of the ChatSDK docs', () => {
  test.each([
    ['2030-01-01T00:00:00.000Z', 1893456000000],
    ['2030-01-01T00:00:00Z', 1893456000000],
    ['2030-01-01t00:00:00z', 1893456000000],
    ['2030-01-01T01:00:00+01:00', 1893456000000],
    ['2029-12-31T19:00:00.000-05:00', 1893456000000],
    [1893456000000, 1893456000000],
    [1893456000000.5, 1893456000000.5],
  ])('%p is %p ms', (value, ms) => {
    expect(parseExpiresAt(value)).toStrictEqual({ ms })
  })

  test('an `exp` in seconds is refused, not read as January 1970', () => {
    expect(parseExpiresAt(1893456000)).toStrictEqual({ problem: `${EXPECTED} (1893456000 looks like seconds)` })
  })

  test.each([
    ['2030-01-01T00:00:00.000', 'no time zone: local time on each device'],
    ['2030-01-01', 'a date without a time'],
    ['2030-13-01T00:00:00Z', 'no such month'],
    ['1893456000000', 'milliseconds as a string'],
    ['Tue, 01 Jan 2030 00:00:00 GMT', 'an HTTP date'],
    ['', 'empty'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [9e15, 'beyond the last instant a Date holds'],
    [null, 'null'],
    [undefined, 'missing'],
    [{}, 'an object'],
  ] as [unknown, string][])('%p is refused (%s)', (value) => {
    expect(parseExpiresAt(value)).toStrictEqual({ problem: EXPECTED })
  })
})
