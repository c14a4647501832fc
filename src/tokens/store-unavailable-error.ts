/**
 * The session store failed or did not answer in time: the endpoints answer 503 with an empty
 * body. The store's own error is the `cause`; a refresh that ends so spent nothing.
 */
export class StoreUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`jwt-hooks: the session store failed to ${operation} (${describe(cause)})`, { cause })
    this.name = 'StoreUnavailableError'
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
