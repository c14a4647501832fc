import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { TestEnvironment } from 'jest-environment-node'

/**
 * Jest's node environment, with every test file run from a fresh empty working directory.
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
    process.chdir(this.folder)
  }

  async teardown(): Promise<void> {
    process.chdir(this.home)
    rmSync(this.folder, { recursive: true, force: true })
    await super.teardown()
  }
}
