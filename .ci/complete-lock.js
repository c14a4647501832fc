#!/usr/bin/env node
// The registry this project installs from serves only the Linux builds of some platform-specific
// optional packages, so `npm install` leaves the other platforms out of package-lock.json and
// `npm ci` then refuses the lock as out of sync. This adds the missing optional entries, with the
// os/cpu/libc that npm uses to skip them, exactly as a lock written against the full registry has,
// and writes the file the way npm writes it, so the next `npm install` has nothing to rewrite.
// Run it after any `npm install` that rewrites the lock: node .ci/complete-lock.js
const fs = require('node:fs')
const path = require('node:path')

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32']
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x']

/** Adds an entry for every optional platform package the lock names but lacks; answers how many. */
function completeLock(lock) {
  let added = 0
  for (const [where, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`
      if (lock.packages[`${where}/${key}`] || lock.packages[key]) continue
      const parts = name.split('/').pop().split('-')
      const os = parts.find((part) => OS.includes(part))
      const cpu = parts.find((part) => CPU.includes(part))
      if (os === undefined || cpu === undefined) continue
      const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined
      lock.packages[key] = {
        version,
        cpu: [cpu],
        ...(entry.dev ? { dev: true } : {}),
        ...(libc && os === 'linux' ? { libc: [libc] } : {}),
        optional: true,
        os: [os],
      }
      added++
    }
  }
  return added
}

// npm's lockfile writer puts these keys first, in this order.
const FIRST = ['name', 'version', 'lockfileVersion', 'resolved', 'integrity', 'requires', 'packages', 'dependencies']

/**
 * The lockfile's text as npm writes it: in every object, values that are not objects first, then
 * objects; within each group the keys above in their order, then the others by an English-locale
 * comparison ("string_decoder" before "string-length", which a code-unit sort puts the other way).
 */
function npmLockText(lock) {
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)
  const compare = (a, b) => {
    const [i, j] = [FIRST.indexOf(a), FIRST.indexOf(b)]
    if (i !== -1 || j !== -1) return i === -1 ? 1 : j === -1 ? -1 : i - j
    return a.localeCompare(b, 'en')
  }
  const byKey = ([a, x], [b, y]) => (isObject(x) === isObject(y) ? compare(a, b) : isObject(x) ? 1 : -1)
  const sorted = (_key, value) => (isObject(value) ? Object.fromEntries(Object.entries(value).sort(byKey)) : value)
  return `${JSON.stringify(lock, sorted, 2)}\n`
}

module.exports = { completeLock, npmLockText }

if (require.main === module) {
  const file = path.join(__dirname, '..', 'package-lock.json')
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
  const added = completeLock(lock)
  fs.writeFileSync(file, npmLockText(lock))
  console.log(`complete-lock: ${added} optional platform entries added`)
}
