import { checkCsrf, type CsrfRequest } from './check-csrf'
import { createCsrfToken } from './create-csrf-token'
import { createCsrfSettings } from './csrf-settings'

const NOW = Date.UTC(2030, 0, 1)
const SESSION_END = NOW / 1000 + 7 * 24 * 3600
const csrf = createCsrfSettings({ secret: 'the shared secret', clock: () => NOW })
const payload = { sub: '678', sid: 'c2Vzc2lvbi1vbmU' }

function post(headers: Record<string, string>, cookies: Record<string, string>, extra: Partial<CsrfRequest> = {}): CsrfRequest {
  return { method: 'POST', headers, cookie: (name) => cookies[name], ...extra }
}

// @foal/jwt 4's hook spec, "should verify the CSRF token", case by case.
describe('checkCsrf: the CSRF cases of @foal/jwt 4', () => {
  const token = createCsrfToken({ ...payload, exp: SESSION_END }, csrf)

  test('no CSRF cookie: refused', () => {
    expect(checkCsrf(post({ 'X-CSRF-Token': token }, { auth: 'the access token' }), payload, csrf)).toBe('invalidCsrfToken')
  })

  test('the tokens are equal but signed with another key: refused', () => {
    const other = createCsrfToken({ ...payload, exp: SESSION_END }, createCsrfSettings({ secret: 'the shared secret2', clock: () => NOW }))
    expect(checkCsrf(post({ 'X-CSRF-Token': other }, { 'XSRF-TOKEN': other }), payload, csrf)).toBe('invalidCsrfToken')
  })

  test('the tokens are equal but for another subject: refused', () => {
    const other = createCsrfToken({ sub: '678Y', sid: payload.sid, exp: SESSION_END }, csrf)
    expect(checkCsrf(post({ 'X-CSRF-Token': other }, { 'XSRF-TOKEN': other }), payload, csrf)).toBe('invalidCsrfToken')
  })

  test('the tokens are equal but expired: refused (exp now is expired; a second later it was not)', () => {
    const ending = createCsrfToken({ ...payload, exp: NOW / 1000 }, csrf)
    const request = post({ 'X-CSRF-Token': ending }, { 'XSRF-TOKEN': ending })
    expect(checkCsrf(request, payload, csrf)).toBe('invalidCsrfToken')
    expect(checkCsrf(request, payload, createCsrfSettings({ secret: 'the shared secret', clock: () => NOW - 1000 }))).toBeUndefined()
  })

  test('the tokens are not equal: refused', () => {
    expect(checkCsrf(post({ 'X-CSRF-Token': `${token}2` }, { 'XSRF-TOKEN': token }), payload, csrf)).toBe('invalidCsrfToken')
  })

  test('the tokens are equal: let through', () => {
    expect(checkCsrf(post({ 'X-CSRF-Token': token }, { 'XSRF-TOKEN': token }), payload, csrf)).toBeUndefined()
  })
})

describe('checkCsrf: what else it decides', () => {
  const token = createCsrfToken({ ...payload, exp: SESSION_END }, csrf)
  const both = { 'XSRF-TOKEN': token }

  test.each(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'get'])('%s is safe: no token needed', (method) => {
    expect(checkCsrf({ method, headers: {} }, payload, csrf)).toBeUndefined()
  })

  test.each(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPPATCH'])('%s without a token: refused', (method) => {
    expect(checkCsrf({ method, headers: {}, cookie: (name) => both[name as 'XSRF-TOKEN'] }, payload, csrf)).toBe('invalidCsrfToken')
  })

  test('no method at all: checked (fails closed)', () => {
    expect(checkCsrf({ headers: {} }, payload, csrf)).toBe('invalidCsrfToken')
  })

  test('X-XSRF-Token (Angular, axios) and a _csrf body field (a form post) are read too', () => {
    expect(checkCsrf(post({ 'x-xsrf-token': token }, both), payload, csrf)).toBeUndefined()
    expect(checkCsrf(post({}, both, { body: { _csrf: token } }), payload, csrf)).toBeUndefined()
  })

  test('the first source present decides: a wrong X-CSRF-Token is not saved by a right _csrf', () => {
    expect(checkCsrf(post({ 'X-CSRF-Token': 'wrong' }, both, { body: { _csrf: token } }), payload, csrf)).toBe('invalidCsrfToken')
  })

  test('a _csrf that is not an own string field is nothing sent', () => {
    const inherited = Object.create({ _csrf: token }) as object
    expect(checkCsrf(post({}, both, { body: inherited }), payload, csrf)).toBe('invalidCsrfToken')
    expect(checkCsrf(post({}, both, { body: { _csrf: [token] } }), payload, csrf)).toBe('invalidCsrfToken')
  })

  test('the cookie is read from the Cookie header when the door has no cookie reader', () => {
    const request: CsrfRequest = { method: 'DELETE', headers: { cookie: `auth=x; XSRF-TOKEN=${token}`, 'x-csrf-token': token } }
    expect(checkCsrf(request, payload, csrf)).toBeUndefined()
  })

  test('a cookie named otherwise (csrf.cookieName) is the one read', () => {
    const named = createCsrfSettings({ secret: 'the shared secret', cookieName: 'csrf', clock: () => NOW })
    expect(checkCsrf(post({ 'X-CSRF-Token': token }, { csrf: token }), payload, named)).toBeUndefined()
    expect(checkCsrf(post({ 'X-CSRF-Token': token }, both), payload, named)).toBe('invalidCsrfToken')
  })

  test('another session of the same subject: refused (sid), and a token without sid for a session with one', () => {
    expect(checkCsrf(post({ 'X-CSRF-Token': token }, both), { sub: '678', sid: 'another' }, csrf)).toBe('invalidCsrfToken')
    const noSid = createCsrfToken({ sub: '678', exp: SESSION_END }, csrf)
    expect(checkCsrf(post({ 'X-CSRF-Token': noSid }, { 'XSRF-TOKEN': noSid }), payload, csrf)).toBe('invalidCsrfToken')
    expect(checkCsrf(post({ 'X-CSRF-Token': noSid }, { 'XSRF-TOKEN': noSid }), { sub: '678' }, csrf)).toBeUndefined()
  })

  test('a numeric sub compares as its text', () => {
    expect(checkCsrf(post({ 'X-CSRF-Token': token }, both), { sub: 678, sid: payload.sid }, csrf)).toBeUndefined()
  })

  test('a cookie-parser object, or an empty cookie, is no cookie', () => {
    const objects = { method: 'POST', headers: { 'x-csrf-token': token }, cookie: () => ({ toString: () => token }) as unknown as string }
    expect(checkCsrf(objects, payload, csrf)).toBe('invalidCsrfToken')
    expect(checkCsrf(post({ 'X-CSRF-Token': '' }, { 'XSRF-TOKEN': '' }), payload, csrf)).toBe('invalidCsrfToken')
  })
})
