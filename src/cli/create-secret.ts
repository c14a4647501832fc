import type { Command } from './command'
import { newSecret } from './new-secret'
import { saveSecret } from './save-secret'

/** `createsecret [--save]`: prints a new secret, or writes it to `.env` when no key is configured. */
export const createSecret: Command = {
  name: 'createsecret',
  args: '[--save]',
  summary: 'Print a new 256-bit secret (base64); --save writes it to .env unless a key is configured',
  options: { save: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run({ values }) {
    if (values.save !== true) {
      process.stdout.write(`${newSecret()}\n`)
      return
    }
    // With --save the secret is not printed: it lives in .env only.
    const result = saveSecret()
    if (result.written) process.stdout.write(`Wrote a new secret to .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY).\n`)
    else process.stdout.write(`A key is already configured in ${result.source}; .env left as it is.\n`)
  },
}
