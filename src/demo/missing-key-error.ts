import { relative, resolve } from 'node:path'

import { KEY_HINT } from '../config/jwt-config'

/** The demo was started with no key: says exactly how to make one. */
export class MissingKeyError extends Error {
  constructor(cwd = process.cwd()) {
    super(
      [
        `No key to sign and verify tokens in ${cwd}.`,
        'Make one (it is written to .env as SETTINGS_JWT_SECRET_OR_PUBLIC_KEY, never overwriting a key):',
        `  ${cliCommand(cwd)} createsecret --save`,
        `or set ${KEY_HINT}.`,
      ].join('\n'),
    )
    this.name = 'MissingKeyError'
  }
}

// The command as typed from here: `node dist/cli/main.js` in the repository, an absolute path elsewhere.
function cliCommand(cwd: string): string {
  const cli = resolve(__dirname, '../cli/main.js')
  const path = relative(cwd, cli)
  return `node ${path.startsWith('..') ? cli : path}`
}
