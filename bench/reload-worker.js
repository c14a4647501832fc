'use strict'
// One blacklist reload, measured in a process of its own: the longest the event loop waited
// (perf_hooks' event-loop delay, 1 ms resolution) and how long the reload took.
//   node bench/reload-worker.js <one-go|slices> <file> <next file> <token only the next file lists>
// one-go: what isInFile did before it read in slices: readFile, then parse the text at once.
// slices: isInFile today: the next file is renamed over the watched one; done when it applies.

const { renameSync } = require('node:fs')
const { readFile } = require('node:fs/promises')
const { monitorEventLoopDelay } = require('node:perf_hooks')

const [mode, file, next, probe] = process.argv.slice(2)

async function main() {
  const { isInFile } = require('../dist/blacklist/is-in-file')
  const { RevokedList } = require('../dist/blacklist/revoked-list')
  const blackList = mode === 'slices' ? isInFile(file) : undefined
  const delay = monitorEventLoopDelay({ resolution: 1 })
  await new Promise((resolve) => setTimeout(resolve, 50))
  delay.enable()
  const started = process.hrtime.bigint()
  let size
  if (mode === 'one-go') {
    size = new RevokedList(await readFile(next, 'utf8')).size
  } else {
    renameSync(next, file)
    await new Promise((resolve) => {
      const check = () => (blackList(probe) ? resolve() : setImmediate(check))
      check()
    })
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  // One more sample after the last turn, so a stall at the very end is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 20))
  delay.disable()
  blackList?.close()
  process.stdout.write(JSON.stringify({ mode, size, reloadMs: ms, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6 }))
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exit(1)
})
