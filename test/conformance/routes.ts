import type { JWTOptions, VerifyOptions } from '../../src/core/types'

/** One protected route of a conformance server: a path and how its door is built. */
export interface RouteSpec {
  path: string
  mode: 'required' | 'optional'
  options: JWTOptions
  verifyOptions?: VerifyOptions
  /** What the route's handler does to the user once it has answered (a handler that changes it). */
  touch?: (user: any) => void
}

/** A running server over one door; every route answers 200 `{ user }` once let through. */
export interface Running {
  url: string
  close(): Promise<void>
}

/** A framework door under test: starts a real server on 127.0.0.1 with the given routes. */
export interface Door {
  name: string
  /** Where the door's cookies come from: the `Cookie` header as sent (the default), or cookie-parser's `req.cookies`. */
  cookies?: 'header' | 'cookie-parser'
  start(routes: RouteSpec[]): Promise<Running>
}

/**
 * What a route answers once let through: `{ user }` as the door handed it over (null for none);
 * then, for a route with `touch`, the handler changes that user.
 */
export function answerOf(route: RouteSpec, user: unknown): { user: unknown } {
  const body = { user: user ?? null }
  if (route.touch === undefined) return body
  const answered = JSON.parse(JSON.stringify(body))
  route.touch(user)
  return answered
}
