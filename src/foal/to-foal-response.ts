import { STATUS_CODES } from 'node:http'

import { HttpResponse } from '@foal/core'

import type { AuthFailure } from '../core/types'

// Foal's named responses are one class per status; a row of any status (403 `forbidden`, 503…) is
// written by this one, so a new row never finds the door without a class for it.
class HttpResponseOfRow extends HttpResponse {
  constructor(
    readonly statusCode: number,
    body: unknown,
  ) {
    super(body)
  }

  get statusMessage(): string {
    return STATUS_CODES[this.statusCode]?.toUpperCase() ?? ''
  }
}

/**
 * The FoalTS response for a refusal of the core: its status, its body (none for the 500 and 503
 * rows), its headers (`WWW-Authenticate`).
 * @param failure the row the core answered.
 */
export function toFoalResponse(failure: AuthFailure): HttpResponse {
  const response = new HttpResponseOfRow(failure.status, failure.body)
  for (const name in failure.headers) response.setHeader(name, failure.headers[name])
  return response
}
