import { BAD_ALGORITHM, MALFORMED, NO_SIGNATURE } from '../../support/answers'
import { CLAIMS, forge, segment } from '../support/forge'
import { tokenFor } from '../../support/keys'
import type { Attack } from './attack'

const CASINGS = ['none', 'None', 'NONE', 'nOnE']

/** CVE-2015-9235 and kin: a verifier that believes the header's `alg: none` skips the signature. */
export const ALG_NONE: Attack = {
  name: 'alg none: an unsigned token in any casing',
  cases: (kind) =>
    CASINGS.flatMap((alg) => {
      const header = { alg, typ: 'JWT' }
      return [
        { title: `${alg}, empty signature part`, token: () => forge(header, CLAIMS), expected: NO_SIGNATURE },
        { title: `${alg}, no signature part at all`, token: () => `${segment(header)}.${segment(CLAIMS)}`, expected: MALFORMED },
        { title: `${alg}, with a signature part`, token: () => forge(header, CLAIMS, 'c2lnbmF0dXJl'), expected: BAD_ALGORITHM },
        {
          title: `${alg}, with the signature of a valid token pasted on`,
          token: () => forge(header, CLAIMS, tokenFor(kind).split('.')[2]),
          expected: BAD_ALGORITHM,
        },
      ]
    }),
}
