import { durationSeconds } from './duration-seconds'

describe('durationSeconds', () => {
  test.each([
    [3600, 3600],
    [1.9, 1],
    ['600', 600],
    ['1h', 3600],
    ['7d', 604800],
    ['90 minutes', 5400],
    ['1.5H', 5400],
    ['2w', 1209600],
    ['1y', 31557600],
    ['1500ms', 1],
    ['30 seconds', 30],
  ])('%p is %p seconds', (value, seconds) => expect(durationSeconds(value)).toBe(seconds))

  test('anything else is a TypeError', () => {
    expect(() => durationSeconds('soon')).toThrow(new TypeError('jwt-hooks: "soon" is not a duration'))
  })
})
