import type { JWTOptions, VerifyOptions } from '../../src/core/types'

/** One protected route of a conformance server: a path and how its door is built. */
export interface RouteSpec {
  path: string
  mode: 'required' | 'optional'
  options: JWTOptions
  verifyOptions?: VerifyOptions
}

/** A running server over one door; every route answers 200 `{ user }` once let through. */
export interface Running {
  url: string
  close(): Promise<void>
}

/** A framework door under test: starts a real server on 127.0.0.1 with the given routes. */
export interface Door {
  name: string
  start(routes: RouteSpec[]): Promise<Running>
}
