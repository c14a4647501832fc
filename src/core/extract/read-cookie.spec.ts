import { readCookie } from './read-cookie'

describe('readCookie', () => {
  test.each([
    [undefined, 'auth', undefined],
    ['', 'auth', undefined],
    ['auth=abc', 'auth', 'abc'],
    ['a=1; auth=abc; b=2', 'auth', 'abc'],
    ['xauth=1; auth=abc', 'auth', 'abc'],
    ['auth=', 'auth', ''],
    ['auth="a.b.c"', 'auth', 'a.b.c'],
    ['auth=a%2Eb', 'auth', 'a.b'],
    ['auth=%E0%A4%A', 'auth', '%E0%A4%A'],
    ['first=1;auth=x=y', 'auth', 'x=y'],
    ['noequals; auth=v', 'auth', 'v'],
    ['authz=1', 'auth', undefined],
  ])('%j → %s', (header, name, expected) => {
    expect(readCookie(header, name)).toBe(expected)
  })
})
