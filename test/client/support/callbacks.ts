import type { TokenRefreshError, Tokens } from '../../../src/client'

/** Records what a manager's callbacks were given, and waits for the next call of each. */
export class Callbacks {
  readonly refreshed: Tokens[] = []
  readonly errors: TokenRefreshError[] = []
  private waitingRefresh: ((tokens: Tokens) => void)[] = []
  private waitingError: ((error: TokenRefreshError) => void)[] = []

  readonly onTokenRefresh = (tokens: Tokens): void => {
    this.refreshed.push(tokens)
    for (const resolve of this.waitingRefresh.splice(0)) resolve(tokens)
  }

  readonly onRefreshError = (error: TokenRefreshError): void => {
    this.errors.push(error)
    for (const resolve of this.waitingError.splice(0)) resolve(error)
  }

  /** The two options, to spread into createTokenManager's. */
  get options(): { onTokenRefresh: (tokens: Tokens) => void; onRefreshError: (error: TokenRefreshError) => void } {
    return { onTokenRefresh: this.onTokenRefresh, onRefreshError: this.onRefreshError }
  }

  nextRefresh(): Promise<Tokens> {
    return new Promise((resolve) => this.waitingRefresh.push(resolve))
  }

  nextError(): Promise<TokenRefreshError> {
    return new Promise((resolve) => this.waitingError.push(resolve))
  }
}

/** What a test asserts of an answer: status, JSON body, WWW-Authenticate. */
export async function answerOf(response: Response): Promise<{ status: number; body: unknown; wwwAuthenticate: string | null }> {
  const text = await response.text()
  return { status: response.status, body: text === '' ? '' : JSON.parse(text), wwwAuthenticate: response.headers.get('www-authenticate') }
}

/** A clock a test sets: the manager's `now`. */
export function testClock(startMs: number): { now: () => number; set(ms: number): void } {
  let at = startMs
  return { now: () => at, set: (ms) => (at = ms) }
}
