import { createClientAddress, type TrustProxy } from './client-address'

const from = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers })

describe('createClientAddress', () => {
  test.each<{ trust: TrustProxy; xff: string | undefined; expected: string }>([
    { trust: false, xff: '203.0.113.1', expected: '10.0.0.1' },
    { trust: true, xff: undefined, expected: '10.0.0.1' },
    { trust: 1, xff: '203.0.113.1', expected: '203.0.113.1' },
    { trust: 1, xff: '198.51.100.9, 203.0.113.1', expected: '203.0.113.1' },
    { trust: 2, xff: '198.51.100.9, 203.0.113.1', expected: '198.51.100.9' },
    { trust: 2, xff: '192.0.2.5, 198.51.100.9, 203.0.113.1', expected: '198.51.100.9' },
    { trust: 5, xff: '198.51.100.9, 203.0.113.1', expected: '198.51.100.9' },
    { trust: true, xff: '192.0.2.5, 198.51.100.9,203.0.113.1', expected: '192.0.2.5' },
    { trust: true, xff: '192.0.2.5, not-an-address, 203.0.113.1', expected: '203.0.113.1' },
    { trust: 1, xff: 'nonsense', expected: '10.0.0.1' },
    { trust: 1, xff: '', expected: '10.0.0.1' },
    { trust: 1, xff: '203.0.113.1:5678', expected: '203.0.113.1' },
    { trust: 1, xff: '[2001:db8::1]:443', expected: '2001:db8::1' },
    { trust: 1, xff: '2001:db8::1', expected: '2001:db8::1' },
  ])('trust $trust, X-Forwarded-For $xff → $expected', ({ trust, xff, expected }) => {
    const headers: Record<string, string> = xff === undefined ? {} : { 'x-forwarded-for': xff }
    expect(createClientAddress(trust, () => undefined)(from('10.0.0.1', headers))).toBe(expected)
  })

  test('no socket address: "unknown"', () => {
    expect(createClientAddress(false, () => undefined)({ headers: {} })).toBe('unknown')
  })

  test('forwarding headers nobody trusts: one warning, once, naming headers and never their values', () => {
    const said: string[] = []
    const clientAddress = createClientAddress(false, (message) => said.push(message))
    clientAddress(from('10.0.0.1'))
    clientAddress(from('10.0.0.1', { 'x-forwarded-for': '203.0.113.1', 'x-real-ip': '203.0.113.1' }))
    clientAddress(from('10.0.0.1', { forwarded: 'for=203.0.113.2' }))
    expect(said).toStrictEqual([
      'jwt-hooks: login requests carry forwarding headers (X-Forwarded-For, X-Real-IP) but "settings.jwt.trustProxy" is false, so the client address is ' +
        "the proxy's and every client behind it shares one login attempt limit. Set SETTINGS_JWT_TRUST_PROXY (or " +
        '"settings.jwt.trustProxy") to the number of proxies in front of the app. Said once.',
    ])
  })

  test('trusted proxies: X-Forwarded-For with X-Real-IP is no warning; Forwarded alone is one', () => {
    const said: string[] = []
    const clientAddress = createClientAddress(1, (message) => said.push(message))
    clientAddress(from('10.0.0.1', { 'x-forwarded-for': '203.0.113.1', 'x-real-ip': '203.0.113.1', forwarded: 'for=203.0.113.1' }))
    expect(said).toStrictEqual([])
    clientAddress(from('10.0.0.1', { forwarded: 'for=203.0.113.1' }))
    clientAddress(from('10.0.0.1', { 'x-real-ip': '203.0.113.1' }))
    expect(said).toStrictEqual([
      'jwt-hooks: login requests carry forwarding headers (Forwarded) without X-Forwarded-For; only X-Forwarded-For is read ("settings.jwt.trustProxy"). Said once.',
    ])
  })
})
