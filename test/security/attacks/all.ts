import type { Attack } from './attack'
import { OUT_OF_TIME, WRONG_TYPE_CLAIMS } from './claims'
import { ALG_CONFUSION, ALG_SUBSTITUTION, WRONG_KEY } from './confusion'
import { KEY_INJECTION, UNKNOWN_CRIT } from './headers'
import { TAMPERING } from './tampering'
import { ALG_NONE } from './unsigned'

/** Known attacks on JWT verifiers: the whole matrix (jwt-attacks.test.ts) and each door's slice. */
export const ATTACKS: Attack[] = [
  ALG_NONE,
  ALG_CONFUSION,
  ALG_SUBSTITUTION,
  WRONG_KEY,
  TAMPERING,
  UNKNOWN_CRIT,
  KEY_INJECTION,
  WRONG_TYPE_CLAIMS,
  OUT_OF_TIME,
]
