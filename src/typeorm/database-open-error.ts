/**
 * The database of `ormconfig.json` could not be opened (server unreachable, authentication
 * refused, schema not made): the message names the file and the database, never the password.
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError'

  /**
   * @param message the whole message.
   * @param code the driver's code: a PostgreSQL SQLSTATE (`28P01`: wrong password) or a socket error (`ECONNREFUSED`).
   */
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message)
  }
}

/** The connection options the message is made of (TypeORM's names). */
export interface PostgresTarget {
  url?: string
  host?: string
  port?: number
  username?: string
  password?: string
  database?: string
}

// The password of any URL a driver's message may quote: user:password@ becomes user:***@.
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi

/**
 * Turns what opening a PostgreSQL database threw into a `DatabaseOpenError` that says where the
 * settings are and which database it was, in words that hold no password: not the one given,
 * not the one in the URL, and no URL with a password in it. The original error is not kept (it
 * carries the options, password included).
 * @param error what TypeORM or pg threw.
 * @param target the connection options.
 * @param file where they come from, e.g. `ormconfig.json`.
 * @param hint a sentence added to the message, if any.
 */
export function toDatabaseOpenError(error: unknown, target: PostgresTarget, file: string, hint?: string): DatabaseOpenError {
  const raw = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  const reason = redact(raw, passwords(target)).split('\n')[0]
  const message = `jwt-hooks: ${file}: cannot open the PostgreSQL database ${describeTarget(target)}: ${reason}`
  return new DatabaseOpenError(hint === undefined ? message : `${message}\n${hint}`, typeof code === 'string' ? code : undefined)
}

/** `"app" on db.example.com:5432 as user "api"`: what was given, without the password. */
export function describeTarget({ url, host, port, username, database }: PostgresTarget): string {
  if (url !== undefined) {
    const parsed = new URL(url)
    const name = decodeURIComponent(parsed.pathname.slice(1))
    return describeTarget({ host: parsed.hostname || undefined, port: parsed.port === '' ? undefined : Number(parsed.port), username: decodeURIComponent(parsed.username) || undefined, database: name })
  }
  const where = host === undefined ? '' : ` on ${host}${port === undefined ? '' : `:${port}`}`
  return `${JSON.stringify(database ?? '')}${where}${username === undefined ? '' : ` as user ${JSON.stringify(username)}`}`
}

function passwords({ url, password }: PostgresTarget): string[] {
  // pg takes PGPASSWORD when the file gives no password.
  const found = [password, process.env.PGPASSWORD].filter((secret): secret is string => secret !== undefined)
  if (url !== undefined) {
    const raw = new URL(url).password
    found.push(raw, decodeURIComponent(raw))
  }
  // Each as given and as a URL would spell it; the longest first, so no part of one is left.
  return [...new Set(found.flatMap((secret) => [secret, encodeURIComponent(secret)]))].filter((secret) => secret !== '').sort((a, b) => b.length - a.length)
}

function redact(text: string, secrets: readonly string[]): string {
  let safe = text.replace(URL_PASSWORD, '$1:***@')
  for (const secret of secrets) safe = safe.split(secret).join('***')
  return safe
}
