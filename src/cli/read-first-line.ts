import { CliError } from './cli-error'

const MAX_BYTES = 64 * 1024

/**
 * Reads the first line of a stream that is not a terminal (a pipe, a file), bounded in size.
 * @returns the line without its line break; empty when the stream is empty.
 * @throws CliError when no line break comes within 64 KB.
 */
export async function readFirstLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = ''
  for await (const chunk of input) {
    text += chunk.toString()
    const end = text.search(/\r?\n/)
    if (end !== -1) return text.slice(0, end)
    if (text.length > MAX_BYTES) throw new CliError('the line on standard input is too long')
  }
  return text
}
