/**
 * The number a token's `sub` names when the primary key is numeric, or undefined when it names none.
 * Only the canonical decimal form of a safe integer counts (`String(Number(sub)) === sub`): `abc`,
 * `01`, `1.0`, `+1`, ` 1`, `1e0` or `-0` name no user (row 12), never a 500.
 * @param id the `sub` claim, as sent.
 */
export function toNumericId(id: string): number | undefined {
  // One token names one user: `01`, `1.0` or `+1` would all load user 1 through Number(), so only
  // the one spelling of an id that Number() and String() give back unchanged names it.
  const n = Number(id)
  return Number.isSafeInteger(n) && String(n) === id ? n : undefined
}
