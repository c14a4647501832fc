#!/usr/bin/env node
// The registry this project installs from serves only the Linux builds of some platform-specific
// optional packages, so `npm install` leaves the other platforms out of package-lock.json and
// `npm ci` then refuses the lock as out of sync. This adds the missing optional entries, with the
// os/cpu/libc that npm uses to skip them, exactly as a lock written against the full registry has.
// Run it after any `npm install` that rewrites the lock: node .ci/complete-lock.js
const fs = require('node:fs')
const path = require('node:path')

const file = path.join(__dirname, '..', 'package-lock.json')
const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32']
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x']

let added = 0
for (const [where, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`
    if (lock.packages[`${where}/${key}`] || lock.packages[key]) continue
    const parts = name.split('/').pop().split('-')
    const os = parts.find((part) => OS.includes(part))
    const cpu = parts.find((part) => CPU.includes(part))
    if (os === undefined || cpu === undefined) continue
    const libc = parts.includes('musl') || parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined
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
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)))
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
console.log(`complete-lock: ${added} optional platform entries added`)
