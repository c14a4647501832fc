import type { RouteSpec } from '../../conformance/routes'
import type { Answer } from '../../support/http'
import { ED25519, KEY_KINDS, type KeyKind } from '../../support/keys'

/** How a route is set up: the key's default algorithms, `algorithms` pinned to one, or JWTOptional. */
export type Variant = 'default' | 'pinned' | 'optional'
export const VARIANTS: Variant[] = ['default', 'pinned', 'optional']

/** One forged or hostile token and the whole answer each route variant must give. */
export interface AttackCase {
  title: string
  /** Built when the test runs, so it may name servers that start in beforeAll. */
  token: () => string
  /** One answer for every variant, or per variant (a variant left out is not run). */
  expected: Answer | Partial<Record<Variant, Answer>>
}

/** A known attack on JWT verifiers: the describe block is named after it. */
export interface Attack {
  name: string
  cases(kind: KeyKind): AttackCase[]
}

export interface Row {
  title: string
  path: string
  token: () => string
  expected: Answer
}

/** Every key kind the attacks run against: the conformance suite's, and Ed25519. */
export const ATTACK_KINDS: KeyKind[] = [...KEY_KINDS, ED25519]

/** One route per key kind and variant: `/HS256/default`, `/RS256/pinned`, … */
export const ROUTES: RouteSpec[] = ATTACK_KINDS.flatMap((kind) =>
  VARIANTS.map((variant) => ({
    path: pathOf(kind, variant),
    mode: variant === 'optional' ? 'optional' : 'required',
    options: { secretOrPublicKey: kind.verifyKey },
    verifyOptions: variant === 'pinned' ? { algorithms: [kind.algorithm] } : undefined,
  })),
)

export function rowsOf(attack: Attack): Row[] {
  return ATTACK_KINDS.flatMap((kind) =>
    attack.cases(kind).flatMap((c) =>
      VARIANTS.flatMap((variant) => {
        const expected = 'status' in c.expected ? (c.expected as Answer) : (c.expected as Partial<Record<Variant, Answer>>)[variant]
        if (expected === undefined) return []
        return [{ title: `${kind.name} ${variant}: ${c.title}`, path: pathOf(kind, variant), token: c.token, expected }]
      }),
    ),
  )
}

function pathOf(kind: KeyKind, variant: Variant): string {
  return `/${kind.name}/${variant}`
}

/**
 * A handful of an attack's rows for a door's slice over HTTP: the first case for each key kind,
 * on the first variant it runs on. The whole matrix runs against the core in process.
 */
export function sliceOf(attack: Attack): Row[] {
  const seen = new Set<string>()
  return rowsOf(attack).filter((row) => {
    const kind = row.path.split('/')[1]
    if (seen.has(kind)) return false
    seen.add(kind)
    return true
  })
}
