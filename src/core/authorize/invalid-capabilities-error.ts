/**
 * Thrown by `validateCapabilities` for a string with malformed entries; the same shape as the
 * error of Pubky's SDK: `name` is `InvalidInput`, `data.invalidEntries` lists the bad entries.
 */
export class InvalidCapabilitiesError extends Error {
  readonly data: { readonly invalidEntries: readonly string[] }

  constructor(invalidEntries: readonly string[]) {
    super(`Invalid capability entries: ${invalidEntries.join(', ')}`)
    this.name = 'InvalidInput'
    this.data = { invalidEntries }
  }
}
