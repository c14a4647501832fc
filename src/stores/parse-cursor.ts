/**
 * Reads a revocation cursor of a store that counts revocations: `undefined` is the start.
 * @throws TypeError for a cursor no such store returned (a programmer's error).
 */
export function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  if (!/^(0|[1-9]\d{0,15})$/.test(cursor)) throw new TypeError('jwt-hooks: "cursor" must be a cursor this store returned')
  return Number(cursor)
}
