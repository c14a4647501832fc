/** Options of every session store. */
export interface SessionStoreOptions {
  /** Revocations per `revocationsSince` page (default 1,000). */
  revocationPageSize?: number
  /** Sessions one `sweep` looks at (memory) or deletes (SQL) at most (default 500). */
  sweepBatch?: number
}

/** Checks and completes the options every session store takes. */
export function checkSessionStoreOptions({ revocationPageSize = 1_000, sweepBatch = 500 }: SessionStoreOptions): Required<SessionStoreOptions> {
  if (!Number.isInteger(revocationPageSize) || revocationPageSize < 1) throw new TypeError('jwt-hooks: "revocationPageSize" must be a whole number >= 1')
  if (!Number.isInteger(sweepBatch) || sweepBatch < 1) throw new TypeError('jwt-hooks: "sweepBatch" must be a whole number >= 1')
  return { revocationPageSize, sweepBatch }
}
