import { parseDotenv } from './parse-dotenv'

describe('parseDotenv', () => {
  test('keys, comments, quotes and escapes', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'SPACED = value with spaces  ',
      'export EXPORTED=yes',
      'TRAILING=value # comment',
      'DOUBLE="a\\nb \\"q\\""',
      "SINGLE='a\\nb'",
      'EMPTY=',
      'HASH="a # b"',
    ].join('\n')
    expect(Object.fromEntries(parseDotenv(text))).toStrictEqual({
      PLAIN: 'value',
      SPACED: 'value with spaces',
      EXPORTED: 'yes',
      TRAILING: 'value',
      DOUBLE: 'a\nb "q"',
      SINGLE: 'a\\nb',
      EMPTY: '',
      HASH: 'a # b',
    })
  })

  test('CRLF line ends', () => {
    expect(Object.fromEntries(parseDotenv('A=1\r\nB=2\r\n'))).toStrictEqual({ A: '1', B: '2' })
  })

  test('a line that is not KEY=value names its line', () => {
    expect(() => parseDotenv('A=1\nnot a pair\n')).toThrow(new Error('line 2 is not KEY=value'))
  })
})
