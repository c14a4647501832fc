import { isNestedDeeperThan } from './is-nested-deeper-than'

const arrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth))

describe('isNestedDeeperThan', () => {
  test.each([
    { value: 'text', max: 1, deeper: false },
    { value: null, max: 1, deeper: false },
    { value: {}, max: 1, deeper: false },
    { value: { a: {} }, max: 1, deeper: true },
    { value: { a: 1, b: [1, 2] }, max: 2, deeper: false },
    { value: { a: 1, b: [1, [2]] }, max: 2, deeper: true },
    { value: arrays(32), max: 32, deeper: false },
    { value: arrays(33), max: 32, deeper: true },
  ])('$value within $max: deeper $deeper', ({ value, max, deeper }) => {
    expect(isNestedDeeperThan(value, max)).toBe(deeper)
  })

  test('a million levels: answered, no stack overflow', () => {
    let value: unknown = []
    for (let i = 0; i < 1_000_000; i++) value = [value]
    expect([isNestedDeeperThan(value, 32), isNestedDeeperThan(value, 2_000_000)]).toStrictEqual([true, false])
  })
})
