import { createHmac } from 'node:crypto'

import { FIXED_FAILURES } from '../errors/to-failure'
import { createStaticKey } from '../keys/static-key'
import { createJwsVerifier } from './create-jws-verifier'

const SECRET = 'a-secret-of-at-least-thirty-two-bytes!!'
const segment = (text: string): string => Buffer.from(text).toString('base64url')
const sign = (headerText: string, claims: object): string => {
  const input = `${segment(headerText)}.${segment(JSON.stringify(claims))}`
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`
}

describe('createJwsVerifier: the last header is compared in place', () => {
  const now = Date.now()
  const claims = { sub: '1', exp: Math.floor(now / 1000) + 60 }
  const verify = createJwsVerifier(createStaticKey(SECRET), { algorithms: ['HS256'] })
  const allowed = sign('{"alg":"HS256","typ":"JWT"}', claims)
  // Same length of header segment, another alg: the memo of the header before must not answer for it.
  const otherAlg = sign('{"alg":"HS384","typ":"JWT"}', claims)

  test('a header of the same length after it gets its own answer, and the first one still its own', () => {
    expect(segment('{"alg":"HS384","typ":"JWT"}').length).toBe(segment('{"alg":"HS256","typ":"JWT"}').length)
    expect(verify(allowed, now)).toMatchObject({ value: claims })
    expect(verify(otherAlg, now)).toMatchObject({ value: FIXED_FAILURES.badAlgorithm })
    expect(verify(allowed, now)).toMatchObject({ value: claims })
    expect(verify(otherAlg, now)).toMatchObject({ value: FIXED_FAILURES.badAlgorithm })
  })

  test('a longer header that begins with the last one is read for itself', () => {
    // Its first 27 bytes are the whole header before, so its segment begins with that one's.
    const trailing = sign('{"alg":"HS256","typ":"JWT"}   ', claims)
    const notJson = sign('{"alg":"HS256","typ":"JWT"}xyz', claims)
    expect(trailing.startsWith(`${allowed.split('.')[0]}`)).toBe(true)
    expect(notJson.startsWith(`${allowed.split('.')[0]}`)).toBe(true)
    expect(verify(allowed, now)).toMatchObject({ value: claims })
    expect(verify(notJson, now)).toMatchObject({ value: FIXED_FAILURES.notAToken })
    expect(verify(trailing, now)).toMatchObject({ value: claims })
    expect(verify(notJson, now)).toMatchObject({ value: FIXED_FAILURES.notAToken })
  })
})
