import { CliError } from './cli-error'

const ENTER = new Set(['\r', '\n', '\u0004'])
const CTRL_C = '\u0003'
const BACKSPACE = new Set(['\u007f', '\b'])

/**
 * Asks for a secret on a terminal without echoing it (raw mode, one key at a time).
 * @param question shown on standard error, so standard output stays clean for scripts.
 * @throws CliError when the user presses Ctrl+C.
 */
export function promptHidden(question: string, input = process.stdin, output = process.stderr): Promise<string> {
  // Raw mode first: a key typed the moment the question shows must not be echoed.
  input.setRawMode(true)
  input.setEncoding('utf8')
  input.resume()
  output.write(question)
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (): void => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      output.write('\n')
    }
    const onData = (chunk: string): void => {
      const keys = [...chunk]
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]
        if (key === CTRL_C) return finish(), reject(new CliError('cancelled'))
        if (!ENTER.has(key)) {
          value = BACKSPACE.has(key) ? value.slice(0, -1) : value + key
          continue
        }
        finish()
        // Typed ahead or pasted: what follows Enter belongs to the next question.
        const rest = keys.slice(i + 1).join('')
        if (rest !== '') input.unshift(rest)
        return resolve(value)
      }
    }
    input.on('data', onData)
  })
}
