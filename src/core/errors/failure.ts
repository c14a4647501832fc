import type { ErrorCode, ErrorName } from './error-table'

/** What a door writes for a refusal: the status, the JSON body (or none), the headers. */
export interface AuthFailure {
  status: number
  body: { code: ErrorCode | string; description: string } | undefined
  headers: Record<string, string>
}

/** Class so that `isFailure` is one `instanceof`, never confused with a payload. */
export class Failure implements AuthFailure {
  // Private, so the answer a caller sees and compares is still { status, body, headers }.
  readonly #json: string
  readonly #row: ErrorName

  constructor(
    row: ErrorName,
    readonly status: number,
    readonly body: AuthFailure['body'],
    readonly headers: Record<string, string>,
  ) {
    this.#row = row
    this.#json = body === undefined ? '' : JSON.stringify(body)
  }

  /** The row of the error table this answer is (`expired`, `noKeyForKid`…). */
  get row(): ErrorName {
    return this.#row
  }

  /** The body as JSON, serialised once ('' for the rows without one): doors write it as is. */
  get json(): string {
    return this.#json
  }
}

/** Whether an outcome of the pipeline is a refusal (else it is a success). */
export function isFailure(result: object): result is Failure {
  return result instanceof Failure
}
