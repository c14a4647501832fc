import { pruneKeys, retireKey } from './retired-keys'

const NOW = Date.parse('2031-01-02T03:04:05.000Z')
const JWK = { kty: 'OKP', crv: 'Ed25519', x: 'x', kid: 'old', alg: 'EdDSA', use: 'sig' as const }

test('retireKey stamps the key that signed: retiredAt now, keepUntil now + the lifetime', () => {
  const other = { kty: 'OKP', crv: 'Ed25519', x: 'y', kid: 'older', keepUntil: '2031-01-02T03:30:00.000Z' }
  expect(retireKey([other], JWK, NOW, 900)).toStrictEqual({
    keys: [other, { ...JWK, retiredAt: '2031-01-02T03:04:05.000Z', keepUntil: '2031-01-02T03:19:05.000Z' }],
    keepUntil: '2031-01-02T03:19:05.000Z',
  })
})

test('retireKey on a key the set lists already: stamped in place, once', () => {
  const listed = { kty: 'OKP', crv: 'Ed25519', x: 'x', kid: 'old' }
  expect(retireKey([listed], JWK, NOW, 60).keys).toStrictEqual([{ ...listed, retiredAt: '2031-01-02T03:04:05.000Z', keepUntil: '2031-01-02T03:05:05.000Z' }])
  const stamped = { ...listed, keepUntil: '2031-01-01T00:00:00.000Z' }
  expect(retireKey([stamped], JWK, NOW, 60)).toStrictEqual({ keys: [stamped], keepUntil: '2031-01-01T00:00:00.000Z' })
})

test('pruneKeys drops a key once its keepUntil is reached, and keeps one without a time it can read', () => {
  const at = (keepUntil: unknown) => ({ kty: 'OKP', kid: String(keepUntil), keepUntil })
  const reached = at('2031-01-02T03:04:05.000Z')
  const past = at('2031-01-02T03:04:04.999Z')
  const future = at('2031-01-02T03:04:05.001Z')
  const byHand = { kty: 'OKP', kid: 'by hand' }
  const unreadable = [at('soon'), at(1924923845)]
  expect(pruneKeys([reached, past, future, byHand, ...unreadable], NOW)).toStrictEqual({ kept: [future, byHand, ...unreadable], dropped: [reached, past] })
})
