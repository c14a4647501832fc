/** The parsed command line a command runs with. */
export interface CommandInput {
  positionals: string[]
  values: Record<string, string | boolean | undefined>
}

/** One `jwt-hooks` command: its usage line, its options and what it does. */
export interface Command {
  name: string
  /** Arguments after the name, e.g. `<email> [--password <password>]`. */
  args: string
  summary: string
  options: Record<string, { type: 'string' | 'boolean' }>
  positionals: { min: number; max: number }
  /** Optional peer dependencies `run` loads: checked first, so a missing one is named, not a stack. */
  needs?: readonly string[]
  run(input: CommandInput): Promise<void>
}
