/** What a key that cannot be used carries beside its message: where it came from, which key, why. */
export interface KeyProblem {
  /** Where the key or set came from (`option "keys"`, `"settings.jwt.keys" from config/default.yml`). */
  readonly source: string
  /** Which key of a set (`key 2 (kid "2024-06")`), or '' for a key on its own. */
  readonly at: string
  /** What is wrong with it, never what it holds. */
  readonly reason: string
}

/**
 * The TypeError of a key that cannot be used, found at setup; the configuration layer words it as
 * a ConfigError from its fields.
 */
export function keyError(source: string, at: string, reason: string): TypeError & KeyProblem {
  const error = new TypeError(`jwt-hooks: ${source}${at === '' ? '' : `, ${at}`}: ${reason}`)
  return Object.assign(error, { source, at, reason })
}

/** Whether an error is one of `keyError`'s. */
export function isKeyError(error: unknown): error is TypeError & KeyProblem {
  return error instanceof TypeError && typeof (error as Partial<KeyProblem>).reason === 'string'
}
