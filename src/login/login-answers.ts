/** One answer of `POST /login` that is not a token: status, wire code and fixed description. */
export interface LoginAnswer {
  status: number
  code: 'invalid_request' | 'invalid_credentials' | 'too_many_attempts'
  description: string
}

/** An answer with an empty body (the server's own state, not the request, is the reason). */
export interface EmptyAnswer {
  status: number
}

/**
 * Every refusal of `POST /login`, as data (like the hooks' error table).
 * 400 and 413 bodies are `{ code, description, errors }`, where `errors` lists the failing
 * properties (empty when the body as a whole is wrong); 401 and 429 bodies are `{ code, description }`;
 * 503 bodies are empty, as the hooks' own 503 (a store that did not answer).
 */
export const LOGIN_ANSWERS = {
  notJson: {
    status: 400,
    code: 'invalid_request',
    description: 'The request body must be JSON (Content-Type: application/json).',
  },
  badJson: { status: 400, code: 'invalid_request', description: 'The request body is not valid JSON.' },
  notObject: { status: 400, code: 'invalid_request', description: 'The request body must be a JSON object.' },
  tooLarge: { status: 413, code: 'invalid_request', description: 'The request body is too large.' },
  encoded: { status: 415, code: 'invalid_request', description: 'The request body must not be compressed.' },
  // The bound is checked before validation: class-transformer walks a body recursively.
  tooDeep: { status: 400, code: 'invalid_request', description: 'The request body is nested too deeply (at most 32 levels).' },
  invalidBody: { status: 400, code: 'invalid_request', description: 'The request body is invalid.' },
  // One answer for an unknown email and a wrong password: which one it was is not told.
  badCredentials: { status: 401, code: 'invalid_credentials', description: 'Incorrect email or password.' },
  tooManyAttempts: {
    status: 429,
    code: 'too_many_attempts',
    description: 'Too many failed login attempts. Try again later.',
  },
  // With `Retry-After`: no room to count the attempt (the attempt store is full of live counters),
  // or to check the password (the hashing queue is full). Not this client's doing, so not a 429.
  busy: { status: 503 },
} as const satisfies Record<string, LoginAnswer | EmptyAnswer>

/** Deepest body accepted (the body itself is level 1), as `LOGIN_ANSWERS.tooDeep` says. */
export const MAX_BODY_DEPTH = 32

/** One property that failed validation, with class-validator's constraint names and messages. */
export interface PropertyError {
  property: string
  constraints: Record<string, string>
}

/** The body of a 400 or 413 answer. */
export function requestError(answer: LoginAnswer, errors: PropertyError[] = []) {
  return { code: answer.code, description: answer.description, errors }
}
