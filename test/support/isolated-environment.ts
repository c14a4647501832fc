import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { TestEnvironment } from 'jest-environment-node'

// FoalTS's request log and logger stay quiet: tests read answers, not logs. FoalTS takes these
// only from config/ (no environment variable), and it has no settings.jwt key.
const FOAL_QUIET = { settings: { loggerFormat: 'none', logger: { format: 'none' } } }

/**
 * Jest's node environment, with every test file run from a fresh working directory of its own,
 * empty but for `config/default.json` holding FoalTS's log settings (above).
 *
 * Configuration, `.env`, `db.sqlite3` and `blacklist.txt` are all looked for in the working
 * directory; run from the checkout, a test would read whatever `npm run setup` or `npm start`
 * left there (a `.env` key turned every "no key configured" case into a 401). A test that needs
 * such a file writes it in a folder of its own, or here, and passes that folder on.
 * The folder is removed, and the working directory put back, once the file's tests are done.
 */
export default class IsolatedEnvironment extends TestEnvironment {
  private readonly home = process.cwd()
  private readonly folder = mkdtempSync(join(tmpdir(), 'jwt-hooks-test-cwd-'))

  async setup(): Promise<void> {
    await super.setup()
    mkdirSync(join(this.folder, 'config'))
    writeFileSync(join(this.folder, 'config', 'default.json'), JSON.stringify(FOAL_QUIET))
    process.chdir(this.folder)
  }

  async teardown(): Promise<void> {
    process.chdir(this.home)
    rmSync(this.folder, { recursive: true, force: true })
    await super.teardown()
  }
}
