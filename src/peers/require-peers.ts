import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { missingPeerMessage } from './missing-peer-message'

/**
 * Throws, before a part of the package requires its optional peer dependencies, an error that
 * names the ones not installed and the command that installs them, rather than the first
 * `Cannot find module` stack Node would give. Resolving does not load a package.
 * @param part what is being used, e.g. `the package root`.
 * @param names the packages it needs.
 * @param hint a sentence added to the message, e.g. what to use instead.
 * @throws Error `jwt-hooks: <part> needs <names>, which are not installed: npm install …`
 */
export function requirePeers(part: string, names: readonly string[], hint?: string): void {
  const missing = names.filter((name) => !isInstalled(name))
  if (missing.length === 0) return
  const message = missingPeerMessage(part, missing, peerRanges())
  throw Object.assign(new Error(hint === undefined ? message : `${message}\n${hint}`), { code: 'JWT_HOOKS_MISSING_PEER', packages: missing })
}

function isInstalled(name: string): boolean {
  try {
    require.resolve(name)
    return true
  } catch (error) {
    // Any other failure (a broken install) is left to the require that follows to report.
    return (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND'
  }
}

// Read only when something is missing; from dist/peers/ (or src/peers/) to the package's own file.
function peerRanges(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).peerDependencies ?? {}
  } catch {
    return {}
  }
}
