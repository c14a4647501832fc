import type { ProtocolSource } from '../cookies/is-https-request'
import type { CookieSpec } from '../cookies/serialize-cookie'

/** An endpoint's answer, as the pipeline's: a status, a JSON body or none, headers. */
export interface EndpointAnswer {
  status: number
  body: Record<string, unknown> | undefined
  headers: Record<string, string>
  /** Cookies to set (cookie mode), beside any the app set: each door writes them its own way. */
  cookies?: readonly CookieSpec[]
}

/** A body as a door read it: the parsed JSON, or the answer refusing it (not JSON, too large…). */
export type BodyResult = { value: unknown } | { refused: EndpointAnswer }

/** What a door hands an endpoint: the headers, and the body when the endpoint asks for it. */
export interface EndpointRequest {
  /** A request header by its lower-case name. */
  header(name: string): string | undefined
  /** Reads the body; called at most once, and only by an endpoint that needs it. */
  body(): Promise<BodyResult>
  /** A cookie, as the framework's parser or the `Cookie` header has it (cookie mode reads it). */
  cookie?(name: string): string | undefined
  /** The node request (its socket, its headers): whether cookies set now must be `Secure`. */
  transport?: ProtocolSource
  /**
   * Reads the raw body, at most `limit` bytes (a door that can: `POST /auth/pubky` needs it);
   * `tooLarge` past the limit, `aborted` when the client went away.
   */
  bytes?(limit: number): Promise<Buffer | 'tooLarge' | 'aborted'>
}

/** A framework-agnostic endpoint: request in, answer out; it never rejects. */
export type Endpoint = (request: EndpointRequest) => Promise<EndpointAnswer>

/** The JSON type every body is written with. */
export const JSON_TYPE = 'application/json; charset=utf-8'
