import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

import { cleanEnv } from '../cli/support/run-cli'

// `npm run setup` writes a key to .env and `npm start` makes db.sqlite3 in the checkout; a user
// may have config/ and blacklist.txt there too. The suites that read the configuration in-process
// run here from a copy of the project that holds all of these, each with values that would change
// an answer if a test read them; every test must pass as it does in a clean checkout.
const ROOT = resolve(__dirname, '../..')
const SUITES = ['test/conformance/conformance.test.ts', 'test/foal/hooks.test.ts']
const secret = () => randomBytes(32).toString('base64')

interface JestReport {
  numTotalTests: number
  numFailedTests: number
  numRuntimeErrorTestSuites: number
  testResults: { assertionResults: { fullName: string; status: string }[] }[]
}

let base: string

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'jwt-hooks-checkout-'))
  const checkout = join(base, 'jwt-hooks')
  mkdirSync(checkout)
  for (const file of ['package.json', 'jest.config.js', 'tsconfig.json', 'tsconfig.test.json', 'tsconfig.build.json']) {
    copyFileSync(join(ROOT, file), join(checkout, file))
  }
  for (const folder of ['src', 'test']) cpSync(join(ROOT, folder), join(checkout, folder), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir')
  // What setup, start and a user leave behind, every value other than what the tests set.
  writeFileSync(join(checkout, '.env'), `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=${secret()}\nSETTINGS_JWT_COOKIE_NAME=from_dotenv\n`)
  rmSync(join(checkout, 'config'), { recursive: true, force: true })
  mkdirSync(join(checkout, 'config'))
  writeFileSync(join(checkout, 'config/default.yml'), `settings:\n  jwt:\n    secretOrPublicKey: ${secret()}\n    cookieName: from_yaml\n`)
  writeFileSync(join(checkout, 'config/test.json'), JSON.stringify({ settings: { jwt: { secretOrPublicKey: secret(), cookieName: 'from_json' } } }))
  writeFileSync(join(checkout, 'ormconfig.json'), JSON.stringify({ type: 'sqlite', database: 'db.sqlite3', synchronize: true }))
  writeFileSync(join(checkout, 'db.sqlite3'), 'this is not a SQLite database\n')
  writeFileSync(join(checkout, 'blacklist.txt'), 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLW9mLWEtbGlzdGVkLXRva2Vu\n')
})

afterAll(() => rmSync(base, { recursive: true, force: true }))

describe("test isolation: the checkout's .env, config/, db.sqlite3 and blacklist.txt change no test's result", () => {
  test('the suites that read the configuration pass in a checkout that holds all four', async () => {
    const report = join(base, 'report.json')
    const jest = join(ROOT, 'node_modules/jest/bin/jest.js')
    const args = [jest, '--ci', '--json', `--outputFile=${report}`, '--maxWorkers=1', ...SUITES]
    await promisify(execFile)(process.execPath, args, { cwd: join(base, 'jwt-hooks'), env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 }).catch(() => undefined)
    const result = JSON.parse(readFileSync(report, 'utf8')) as JestReport
    const failed = result.testResults.flatMap((file) => file.assertionResults.filter((a) => a.status !== 'passed').map((a) => a.fullName))
    const rowOne = result.testResults.flatMap((file) => file.assertionResults.filter((a) => /row 1\b/.test(a.fullName)))
    expect({ failed, suitesThatCouldNotRun: result.numRuntimeErrorTestSuites }).toStrictEqual({ failed: [], suitesThatCouldNotRun: 0 })
    // The cases a configured key would change did run: row 1 ("no key configured") on every door.
    expect(rowOne.length).toBeGreaterThanOrEqual(8)
    expect(result.numTotalTests).toBeGreaterThan(1000)
  }, 240_000)
})
