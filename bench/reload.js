'use strict'
// Section 5: blacklist reload. The longest event-loop stall while a changed 300,000-line blacklist
// is read again: parsed in one go (isInFile before) against read and built in slices (now).

const { copyFileSync, readFileSync, writeFileSync } = require('node:fs')
const { join } = require('node:path')

const { runNode } = require('./lib/child')
const { fixed, median, table } = require('./lib/table')
const { writeBlacklist } = require('./revocation')

const MODES = [
  { mode: 'one-go', name: 'in one go (readFile, then parse: isInFile before)' },
  { mode: 'slices', name: 'in slices (64 KB of lines, then the table 8k entries at a time: isInFile now)' },
]

async function runReload({ dir, lines, rounds, log }) {
  const file = join(dir, 'reload-blacklist.txt')
  const template = join(dir, 'reload-next.txt')
  log(`reload: writing a ${lines.toLocaleString('en-US')}-line blacklist`)
  await writeBlacklist(template, lines)
  const probe = readFileSync(template, 'utf8').split('\n', 1)[0]
  const results = Object.fromEntries(MODES.map(({ mode }) => [mode, []]))
  for (let round = 0; round < rounds; round++) {
    for (const { mode } of MODES) {
      // The watched file starts empty; the next one, renamed over it, holds the whole list.
      writeFileSync(file, '')
      const next = join(dir, `reload-next-${mode}.txt`)
      copyFileSync(template, next)
      log(`reload: round ${round + 1}/${rounds}, ${mode}`)
      results[mode].push(await runNode(join(__dirname, 'reload-worker.js'), [mode, file, next, probe], { timeoutMs: 120_000 }))
    }
  }
  const rows = MODES.map(({ mode, name }) => {
    const runs = results[mode]
    return [name, `${fixed(median(runs.map((r) => r.maxDelayMs)), 0)} ms`, `${fixed(median(runs.map((r) => r.p99DelayMs)), 0)} ms`, `${fixed(median(runs.map((r) => r.reloadMs)), 0)} ms`]
  })
  const stall = (mode) => median(results[mode].map((r) => r.maxDelayMs))
  const markdown = [
    `Blacklist reload: a ${lines.toLocaleString('en-US')}-line file (HS256-shaped lines, ${results['one-go'][0]?.size?.toLocaleString('en-US')} entries) replaces the watched one; medians of ${rounds} rounds, each run in its own process:`,
    '',
    table(['reload', 'longest event-loop stall', 'p99 event-loop delay', 'change to new list'], rows),
  ].join('\n')
  return { markdown, results, stallMs: { before: stall('one-go'), after: stall('slices') } }
}

module.exports = { runReload }
