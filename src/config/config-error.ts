/** A configuration problem, found at startup, naming the key and the file it came from. */
export class ConfigError extends Error {
  constructor(
    readonly key: string | undefined,
    readonly file: string,
    readonly reason: string,
  ) {
    super(`jwt-hooks: ${key === undefined ? '' : `"${key}" in `}${file}: ${reason}`)
    this.name = 'ConfigError'
  }
}
