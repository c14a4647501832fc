import { UsageError } from './cli-error'

const MAX_CODE_NAME_LENGTH = 100
// Spaces, control and invisible format characters (zero-width, bidi overrides) would make two
// code names that look the same, or break the tab-separated listings.
const CODE_NAME = /^[^\s\p{Cc}\p{Cf}]+$/u
const CONTROL = /\p{Cc}/u

/**
 * A permission's or group's code name from the command line, as the entities store it (100 characters at most).
 * @throws UsageError naming the command otherwise.
 */
export function readCodeName(given: string, command: string): string {
  if (given === '' || given.length > MAX_CODE_NAME_LENGTH || !CODE_NAME.test(given)) {
    throw new UsageError(`"${printable(given)}" is not a code name (1 to ${MAX_CODE_NAME_LENGTH} characters, no spaces or control characters)`, command)
  }
  return given
}

/**
 * A display name from the command line: not empty, no control characters, `max` characters at most.
 * @throws UsageError naming the command otherwise.
 */
export function readDisplayName(given: string, max: number, command: string): string {
  if (given.trim() === '' || given.length > max || CONTROL.test(given)) {
    throw new UsageError(`the name must have 1 to ${max} characters, no control characters`, command)
  }
  return given
}

// A refused argument is echoed without its control characters: it is not to drive the terminal.
function printable(text: string): string {
  return JSON.stringify(text.slice(0, MAX_CODE_NAME_LENGTH + 1)).slice(1, -1)
}
