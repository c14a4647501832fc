type Input = string | URL | Request
type FetchArguments = [input: Input, init: RequestInit]

/** A request ready to be sent with a token, and once more with another when its body allows. */
export interface BearerRequest {
  /** The arguments of `fetch` for the first send. */
  first(accessToken: string): FetchArguments
  /** The arguments for a second send, or `null`: a stream body is read by the first. */
  again: ((accessToken: string) => FetchArguments) | null
}

/**
 * Adds `Authorization: Bearer <token>` to a request given as `fetch` takes it, keeping every
 * other header (a `Headers` object, a plain object or a list of pairs; a `Request`'s own when
 * `init` has none, as `fetch` does), and decides whether its body can be sent twice.
 * An `Authorization` header of the caller's is replaced: the manager owns that header.
 *
 * @param input - a URL or a `Request`.
 * @param init - the options of `fetch`.
 */
export function prepareBearerRequest(input: Input, init: RequestInit): BearerRequest {
  const request = isRequest(input) ? input : undefined
  const headers = init.headers ?? request?.headers
  const withToken = (target: Input, accessToken: string): FetchArguments => {
    const merged = new Headers(headers)
    merged.set('Authorization', `Bearer ${accessToken}`)
    return [target, { ...init, headers: merged }]
  }
  if (init.body !== undefined && init.body !== null) {
    // init.body replaces a Request's own body, which is then left unread.
    const replayable = canSendTwice(init.body)
    return { first: (token) => withToken(input, token), again: replayable ? (token) => withToken(input, token) : null }
  }
  if (request !== undefined && request.body !== null) {
    // A Request's body is a stream whatever it was made from: a clone (a tee) keeps a copy.
    const spare = request.clone()
    return { first: (token) => withToken(request, token), again: (token) => withToken(spare, token) }
  }
  return { first: (token) => withToken(input, token), again: (token) => withToken(input, token) }
}

function isRequest(input: Input): input is Request {
  // Not `instanceof Request`: a Request of another realm or polyfill is one too.
  return typeof input === 'object' && !(input instanceof URL) && typeof (input as Request).clone === 'function'
}

/** Bodies `fetch` reads afresh each time; a ReadableStream (or an async iterable in Node) is read once. */
function canSendTwice(body: NonNullable<RequestInit['body']>): boolean {
  if (typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return true
  return [globalThis.URLSearchParams, globalThis.Blob, globalThis.FormData].some(
    (type) => typeof type === 'function' && body instanceof type,
  )
}
