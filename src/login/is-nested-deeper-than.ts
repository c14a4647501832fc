/**
 * Whether a parsed JSON value nests objects or arrays more than `max` levels deep (the value
 * itself is level 1). A loop with its own stack, so no depth overflows it; it stops at the first
 * value past the bound, so it costs at most one visit per value of the body.
 * @param value what JSON.parse answered.
 * @param max the deepest level allowed.
 */
export function isNestedDeeperThan(value: unknown, max: number): boolean {
  const values: unknown[] = [value]
  const depths: number[] = [1]
  while (values.length > 0) {
    const current = values.pop()
    const depth = depths.pop() as number
    if (typeof current !== 'object' || current === null) continue
    if (depth > max) return true
    for (const child of Object.values(current)) {
      values.push(child)
      depths.push(depth + 1)
    }
  }
  return false
}
