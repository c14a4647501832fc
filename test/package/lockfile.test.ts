import { readFileSync } from 'node:fs'
import { join } from 'node:path'

interface Lock {
  packages: Record<string, { optionalDependencies?: Record<string, string> }>
}

// The script CI and developers run after an `npm install` that rewrote the lock.
const { completeLock, npmLockText } = require('../../.ci/complete-lock.js') as {
  completeLock(lock: Lock): number
  npmLockText(lock: Lock): string
}

const text = readFileSync(join(__dirname, '../../package-lock.json'), 'utf8')

describe('fresh-clone npm install leaves package-lock.json unchanged', () => {
  test('the committed lock is byte for byte what npm writes for its own content', () => {
    const lines = (value: string) => value.split('\n')
    expect(lines(npmLockText(JSON.parse(text)))).toStrictEqual(lines(text))
  })

  test('every optional platform package has its entry, as npm ci wants', () => {
    const lock = JSON.parse(text) as Lock
    expect(completeLock(lock)).toBe(0)
  })

  test("npm's order is an English-locale one: string_decoder before string-length", () => {
    const lock = { packages: { '': {}, 'node_modules/string-length': {}, 'node_modules/string_decoder': {} } }
    expect(Object.keys(JSON.parse(npmLockText(lock)).packages)).toStrictEqual(['', 'node_modules/string_decoder', 'node_modules/string-length'])
  })
})
