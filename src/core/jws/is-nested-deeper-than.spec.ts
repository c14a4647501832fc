import { isNestedDeeperThan } from './is-nested-deeper-than'

describe('isNestedDeeperThan', () => {
  test.each([
    ['{}', 1, false],
    ['{"a":{}}', 1, true],
    ['{"a":{}}', 2, false],
    ['[[[0]]]', 2, true],
    ['[[[0]]]', 3, false],
    ['[[],[],[]]', 2, false],
    ['{"a":"[[[[{{{{"}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['{"a":"\\\\"}', 1, false],
    ['[' + '['.repeat(1_000_000), 16, true],
  ])('%s, at most %d: %s', (text, max, deeper) => {
    expect(isNestedDeeperThan(text, max)).toBe(deeper)
  })
})
