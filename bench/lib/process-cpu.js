'use strict'
// CPU time (ms, user + system) a process has used, read from /proc (Linux): for servers the bench
// did not fork with IPC (the demo, redis-server, PostgreSQL and its backends).

const { readdirSync, readFileSync } = require('node:fs')

const TICK_MS = 10 // USER_HZ is 100 on Linux

// Fields after the ")" that ends the command name: state ppid … utime(14) stime(15) cutime(16) cstime(17).
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** CPU ms of `pid`, with `children: true` also its live children's and its waited-for ones'. */
function cpuMs(pid, { children = false } = {}) {
  const own = stat(pid)
  if (own === undefined) return NaN
  let ticks = Number(own[11]) + Number(own[12])
  if (!children) return ticks * TICK_MS
  ticks += Number(own[13]) + Number(own[14])
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const fields = stat(entry)
    if (fields !== undefined && fields[1] === String(pid)) ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks * TICK_MS
}

module.exports = { cpuMs }
