import { checkPermission } from './check-permission'

class Holder {
  constructor(private readonly held: string[]) {}
  hasPerm(codeName: string): boolean {
    return this.held.includes(codeName)
  }
}

describe('checkPermission', () => {
  test('asks the user and gives its answer back', () => {
    const user = new Holder(['read'])
    expect([checkPermission(user, 'read'), checkPermission(user, 'write')]).toStrictEqual([true, false])
  })

  test('a plain object with a hasPerm method is a user too (Foal IUserWithPermissions)', () => {
    expect(checkPermission({ hasPerm: (codeName: string) => codeName === 'read' }, 'read')).toBe(true)
  })

  test.each([
    { user: { sub: '1', email: 'ann@example.com' }, kind: 'a plain object' },
    { user: Object.create(null), kind: 'an object' },
    { user: new (class Member {})(), kind: 'a Member' },
    { user: { hasPerm: true }, kind: 'a plain object' },
    { user: 'ann', kind: 'string' },
    { user: null, kind: 'null' },
  ])('a user without hasPerm ($kind) is a TypeError naming its kind, never its content', ({ user, kind }) => {
    expect(() => checkPermission(user, 'admin')).toThrow(
      new TypeError(
        `jwt-hooks: permission "admin" cannot be checked: the user (${kind}) has no hasPerm(codeName) method; load it with fetchUserWithPermissions(Entity)`,
      ),
    )
  })

  test.each([
    { answer: Promise.resolve(false), kind: 'a Promise' },
    { answer: 1, kind: 'number' },
    { answer: 'yes', kind: 'string' },
    { answer: undefined, kind: 'undefined' },
  ])('a hasPerm answering $kind is a TypeError, never a yes', ({ answer, kind }) => {
    expect(() => checkPermission({ hasPerm: () => answer }, 'admin')).toThrow(
      new TypeError(`jwt-hooks: permission "admin" cannot be checked: hasPerm answered ${kind}, not a boolean (it must not be async)`),
    )
  })

  test('hasPerm is called as a method of the user, with the codeName', () => {
    const calls: unknown[] = []
    const user = {
      hasPerm(this: unknown, codeName: string) {
        calls.push([this, codeName])
        return false
      },
    }
    checkPermission(user, 'x')
    expect(calls).toStrictEqual([[user, 'x']])
  })
})

describe('checkPermission: a user with FoalTS fields and no hasPerm (loaded without the entity class)', () => {
  const user = { id: 1, userPermissions: [{ codeName: 'own' }], groups: [{ permissions: [{ codeName: 'grouped' }] }, { codeName: 'no-permissions' }] }

  test.each([
    ['own', true],
    ['grouped', true],
    ['no-permissions', false],
    ['other', false],
  ])('%s: %s', (codeName, held) => {
    expect(checkPermission(user, codeName)).toBe(held)
  })

  test('one relation loaded and not the other holds only what is loaded', () => {
    expect([checkPermission({ groups: [] }, 'own'), checkPermission({ userPermissions: [{ codeName: 'own' }] }, 'own')]).toStrictEqual([false, true])
  })

  test('a codeName that is not a string field never matches', () => {
    expect(checkPermission({ userPermissions: [null, { codeName: ['own'] }], groups: [null, { permissions: 'own' }] }, 'own')).toBe(false)
  })
})
