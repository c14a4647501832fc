import { validateCapabilities as sdkValidateCapabilities } from '@synonymdev/pubky'
import fc from 'fast-check'

import { validateCapabilities } from '../../src/core/authorize/validate-capabilities'

// validateCapabilities against @synonymdev/pubky 0.6.0's own, the reference: the same value, or
// an error of the same name, message and data, on thousands of generated strings.

type Outcome = { value: string } | { name: string; message: string; data: unknown }

function outcome(validate: (input: string) => string, input: string): Outcome {
  try {
    return { value: validate(input) }
  } catch (error) {
    const { name, message, data } = error as { name: string; message: string; data: unknown }
    return { name, message, data }
  }
}

// Pieces that matter to the grammar, to the trim (Rust's White_Space is not JavaScript's), and
// to UTF-8 (astral characters, lone surrogates).
const PIECES = [
  '/', '/', '/', ':', ':', ',', ',', 'r', 'w', 'rw', 'wr', 'x', 'R', 'pub', 'app', '.', '..', '-',
  ' ', '\t', '\n', '\r', '\u000b', '\u000c', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2028',
  '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b', '\u0000', '\u00e9', '\u{1f600}',
  '\ud800', '\udfff', '%2F', '\\', '"', "'",
]
const pieced = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''))
const entry = fc
  .tuple(
    fc.constantFrom('', ' ', '\u0085', '\ufeff', '\u3000'),
    fc.constantFrom('/', '/pub/', '/pub/app/', '', 'pub/', '/a:b'),
    fc.string({ maxLength: 6, unit: 'grapheme-ascii' }),
    fc.constantFrom(':', '', '::'),
    fc.array(fc.constantFrom('r', 'w', 'x', ' '), { maxLength: 4 }).map((a) => a.join('')),
    fc.constantFrom('', ' ', '\t', '\u2028'),
  )
  .map((parts) => parts.join(''))
const listed = fc.array(entry, { maxLength: 6 }).map((entries) => entries.join(','))
const anyText = fc.oneof(fc.string({ maxLength: 40, unit: 'binary' }), fc.string({ maxLength: 40, unit: 'grapheme' }))

describe('validateCapabilities matches @synonymdev/pubky 0.6.0 (value, or error name, message and data)', () => {
  test.each([
    ['grammar pieces', pieced, 4000],
    ['entry lists', listed, 4000],
    ['arbitrary unicode', anyText, 2000],
  ] as const)('%s', (_name, arbitrary, numRuns) => {
    fc.assert(
      fc.property(arbitrary, (input) => {
        expect(outcome(validateCapabilities, input)).toStrictEqual(outcome(sdkValidateCapabilities, input))
      }),
      { seed: 0x7075626b, numRuns },
    )
  })

  test('the generated cases exercise both verdicts', () => {
    const verdicts = fc.sample(listed, { seed: 0x7075626b, numRuns: 2000 }).map((input) => 'value' in outcome(validateCapabilities, input))
    expect([verdicts.includes(true), verdicts.includes(false)]).toStrictEqual([true, true])
  })
})
