/**
 * Thrown by a store asked to hold more than its bound: `scope` says which one was reached, so
 * the caller answers 429 for one client's (`key`) and 503 for the whole store's (`total`).
 */
export class StoreLimitError extends Error {
  readonly scope: 'key' | 'total'
  readonly limit: number

  /**
   * @param what what the store holds, plural (`live challenges`).
   * @param scope the bound reached: one key's, or the whole store's.
   * @param limit the bound.
   */
  constructor(what: string, scope: 'key' | 'total', limit: number) {
    const holder = scope === 'key' ? 'for this key' : 'in total'
    super(`The store holds ${limit} ${what} ${holder} and takes no more.`)
    this.name = 'StoreLimitError'
    this.scope = scope
    this.limit = limit
  }
}
