import * as compile from './compile-capabilities'
import { createCapabilityCheck } from './create-capability-check'

describe('createCapabilityCheck', () => {
  afterEach(() => jest.restoreAllMocks())

  test('a claim is compiled once, then looked up: a repeated token costs no compilation', () => {
    const check = createCapabilityCheck()
    const spy = jest.spyOn(compile, 'compileCapabilities')
    for (let i = 0; i < 5; i++) expect(check('/pub/app/:rw', 'PUT', '/pub/app/x')).toStrictEqual({ ok: true })
    expect(spy).toHaveBeenCalledTimes(1)
  })

  test('bounded: past max claims the least recently used one is compiled again', () => {
    const check = createCapabilityCheck(2)
    const spy = jest.spyOn(compile, 'compileCapabilities')
    check('/a/:r', 'GET', '/a/x')
    check('/b/:r', 'GET', '/b/x')
    check('/a/:r', 'GET', '/a/x') // /a/ is now the most recent
    check('/c/:r', 'GET', '/c/x') // evicts /b/
    check('/a/:r', 'GET', '/a/x')
    check('/b/:r', 'GET', '/b/x')
    expect(spy.mock.calls.map(([caps]) => caps)).toStrictEqual(['/a/:r', '/b/:r', '/c/:r', '/b/:r'])
  })

  test.each([undefined, null, 42, ['/:rw'], { '/': 'rw' }, '/pub/app/:rwx', 'pub:rw', ''])('a claim %j covers nothing', (caps) => {
    expect(createCapabilityCheck()(caps, 'GET', '/pub/app/x')).toStrictEqual({ ok: false, action: 'read', path: '/pub/app/x' })
  })

  test('a request without method or path is covered by nothing', () => {
    const check = createCapabilityCheck()
    expect([check('/:rw', undefined, '/x'), check('/:rw', 'GET', undefined)]).toStrictEqual([
      { ok: false, action: 'write', path: '/x' },
      { ok: false, action: 'read', path: '' },
    ])
  })
})
