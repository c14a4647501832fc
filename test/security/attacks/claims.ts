import { BAD_SIGNATURE, EXPIRED, NOT_ACTIVE, invalidToken } from '../../support/answers'
import { CLAIMS, signAs } from '../support/forge'
import { NOW } from '../../support/keys'
import type { Attack } from './attack'

const WRONG_TYPES: [string, unknown][] = [
  ['a string', String(NOW + 3600)],
  ['an object', { seconds: NOW + 3600 }],
  ['an array', [NOW + 3600]],
  ['null', null],
  ['a boolean', true],
]

/** A verifier that skips a time claim it cannot compare would take `exp: "9999999999"` as forever. */
export const WRONG_TYPE_CLAIMS: Attack = {
  name: 'time claims of the wrong type: exp and nbf that are not numbers',
  cases: (kind) =>
    WRONG_TYPES.flatMap(([what, value]) => [
      {
        title: `exp is ${what}`,
        token: () => signAs({ alg: kind.algorithm, typ: 'JWT' }, { ...CLAIMS, exp: value }, kind.signingKey),
        expected: invalidToken('invalid exp value'),
      },
      {
        title: `nbf is ${what}`,
        token: () => signAs({ alg: kind.algorithm, typ: 'JWT' }, { ...CLAIMS, nbf: value }, kind.signingKey),
        expected: invalidToken('invalid nbf value'),
      },
    ]),
}

/** Time comes from the claims, against the server's clock; NOW is when this module loaded. */
export const OUT_OF_TIME: Attack = {
  name: 'replay out of time: expired and not-yet-valid tokens',
  cases: (kind) => {
    const signed = (claims: Record<string, unknown>) => () => signAs({ alg: kind.algorithm, typ: 'JWT' }, { ...CLAIMS, ...claims }, kind.signingKey)
    return [
      { title: 'exp one second ago', token: signed({ exp: NOW - 1 }), expected: EXPIRED },
      { title: 'exp is now', token: signed({ exp: NOW }), expected: EXPIRED },
      { title: 'exp a year ago', token: signed({ exp: NOW - 365 * 24 * 3600 }), expected: EXPIRED },
      { title: 'exp is 0', token: signed({ exp: 0 }), expected: EXPIRED },
      { title: 'exp is negative', token: signed({ exp: -1 }), expected: EXPIRED },
      { title: 'nbf ten minutes ahead', token: signed({ nbf: NOW + 600 }), expected: NOT_ACTIVE },
      { title: 'nbf a century ahead', token: signed({ nbf: NOW + 100 * 365 * 24 * 3600 }), expected: NOT_ACTIVE },
      {
        title: 'expired and signed by another key: the signature is judged first',
        token: () => signAs({ alg: kind.algorithm, typ: 'JWT' }, { ...CLAIMS, exp: NOW - 60 }, kind.otherSigningKey),
        expected: BAD_SIGNATURE,
      },
    ]
  },
}
