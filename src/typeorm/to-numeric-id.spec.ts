import { toNumericId } from './to-numeric-id'

describe('toNumericId: one spelling per id', () => {
  test.each(['0', '1', '12', '-3', String(Number.MAX_SAFE_INTEGER), String(Number.MIN_SAFE_INTEGER)])('%j is its number', (id) => {
    expect(toNumericId(id)).toBe(Number(id))
  })

  test.each(['', ' ', 'abc', '01', '001', '1.0', '1.', '+1', ' 1', '1 ', '1e0', '0x1', '-0', '1_000', 'Infinity', 'NaN', '9007199254740992', '1.5', '９'])(
    '%j names no user',
    (id) => {
      expect(toNumericId(id)).toBeUndefined()
    },
  )
})
