import { MAX_PASSWORD_LENGTH } from '../login/max-password-length'
import { CliError, UsageError } from './cli-error'
import { promptHidden } from './prompt-hidden'
import { readFirstLine } from './read-first-line'

// New passwords only: login accepts any non-empty one, so older accounts keep working.
const MIN_PASSWORD_LENGTH = 8

/**
 * The new user's password: `--password`, else typed twice on a terminal (hidden), else the first
 * line of standard input (`echo "$PW" | jwt-hooks create-user …`, which keeps it out of `ps`).
 * @throws UsageError when it is missing or its length is out of bounds; CliError when the two entries differ.
 */
export async function readPassword(given: string | undefined): Promise<string> {
  const password = given ?? (process.stdin.isTTY ? await promptTwice() : await readFirstLine())
  if (password === '') throw new UsageError('no password: give --password, type it on a terminal, or pipe it on standard input', 'create-user')
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(`the password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, 'create-user')
  }
  return password
}

async function promptTwice(): Promise<string> {
  const first = await promptHidden('Password: ')
  const second = await promptHidden('Repeat password: ')
  if (first !== second) throw new CliError('the two passwords differ')
  return first
}
