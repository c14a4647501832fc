/** A command failed (a duplicate user, a broken config): exit code 1, message only. */
export class CliError extends Error {
  readonly exitCode: number = 1
}

/** The command line itself is wrong (unknown command or option, bad argument): exit code 2, with usage. */
export class UsageError extends CliError {
  readonly exitCode: number = 2
  /** The command whose usage to show, if known. */
  constructor(message: string, readonly command?: string) {
    super(message)
  }
}
