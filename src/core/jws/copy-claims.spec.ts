import { copyClaims, isFlat } from './copy-claims'

describe('copyClaims', () => {
  test('copies every level: changing the copy leaves the original as it was', () => {
    const original = { sub: '1', aud: ['api', 'other'], org: { id: 'o1', teams: [{ name: 'a', roles: ['x'] }] }, n: null, ok: true, exp: 1 }
    const before = JSON.stringify(original)
    const copy = copyClaims(original)!
    expect(copy).toStrictEqual(original)
    copy.sub = '2'
    copy.aud.push('admin')
    copy.org.id = 'o2'
    copy.org.teams[0].roles.push('root')
    copy.org.teams.push({ name: 'b', roles: [] })
    delete copy.exp
    expect(JSON.stringify(original)).toBe(before)
  })

  test('a __proto__ claim stays an own property: the copy has no other prototype, no inherited claims', () => {
    const parsed = JSON.parse('{"sub":"1","__proto__":{"admin":true,"exp":1}}')
    const copy = copyClaims(parsed)!
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(copy.admin).toBeUndefined()
    expect(Object.keys(copy)).toStrictEqual(['sub', '__proto__'])
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toStrictEqual(JSON.parse('{"admin":true,"exp":1}'))
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).not.toBe(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value)
  })

  test('nothing is frozen: a handler may assign to the copy', () => {
    const copy = copyClaims({ sub: '1', roles: ['user'] })!
    expect(Object.isFrozen(copy) || Object.isFrozen(copy.roles)).toBe(false)
  })

  test('32 levels below the payload are copied; deeper answers undefined (such a payload is not cached)', () => {
    const nest = (below: number, kind: 'object' | 'array') => {
      let value: any = 1
      for (let i = 0; i < below; i++) value = kind === 'object' ? { a: value } : [value]
      return { sub: '1', a: value }
    }
    for (const kind of ['object', 'array'] as const) {
      // `a` is one level below the payload; its innermost container holds the 1.
      expect(copyClaims(nest(32, kind))).toStrictEqual(nest(32, kind))
      expect(copyClaims(nest(33, kind))).toBeUndefined()
    }
    expect(copyClaims({ deep: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) })).toBeUndefined()
  })

  test('isFlat: no claim holds an object or an array', () => {
    expect(isFlat({ sub: '1', exp: 1, ok: true, none: null })).toBe(true)
    expect(isFlat({ sub: '1', aud: ['api'] })).toBe(false)
    expect(isFlat({ sub: '1', org: {} })).toBe(false)
  })
})
