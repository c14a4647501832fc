import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

import { SERVICES_DIR } from './global-setup'

/** After the last test file: stops the servers global-setup.ts started (bounded), removes their folder. */
export default function globalTeardown(): void {
  const dir = (globalThis as Record<symbol, unknown>)[SERVICES_DIR]
  if (typeof dir !== 'string') return
  try {
    execFileSync('bash', [join(__dirname, '..', '.ci', 'services.sh'), 'stop', dir], { stdio: ['ignore', 2, 2], timeout: 60_000 })
  } finally {
    rmSync(dir, { recursive: true, force: true })
    delete (globalThis as Record<symbol, unknown>)[SERVICES_DIR]
  }
}
