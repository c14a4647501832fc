import { readVarint } from './read-varint'

describe('readVarint (postcard usize, minimal form only)', () => {
  test.each([
    [[0x00], 0, 1],
    [[0x15], 21, 1],
    [[0x7f], 127, 1],
    [[0x80, 0x01], 128, 2],
    [[0xff, 0x7f], 16383, 2],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff, 5],
  ])('%j is %i', (bytes, value, next) => {
    expect(readVarint(Uint8Array.from(bytes), 0)).toStrictEqual({ value, next })
  })

  test.each([
    ['cut short', [0x80]],
    ['empty', []],
    ['over-long zero', [0x80, 0x00]],
    ['over-long 4', [0x84, 0x00]],
    ['above u32', [0xff, 0xff, 0xff, 0xff, 0x1f]],
    ['six bytes', [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
  ])('%s is refused', (_why, bytes) => {
    expect(readVarint(Uint8Array.from(bytes), 0)).toBeNull()
  })

  test('reads at an offset', () => {
    expect(readVarint(Uint8Array.from([9, 9, 0x81, 0x01]), 2)).toStrictEqual({ value: 129, next: 4 })
  })
})
