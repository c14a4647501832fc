#!/usr/bin/env node
// The commands the README tells a newcomer to run first, in its order, for .ci/run to run the same:
// the first shell block (`npm install && npm run setup && npm start`) and the test command (the
// block after "Run the tests"). Prints one step a line, "<kind> <command>", kind being install,
// run, start or test; `npm install` becomes `npm ci` (the lockfile is committed: CI installs
// exactly it). Exits 1, saying what it found, when the README no longer names them.
const fs = require('node:fs')
const path = require('node:path')

/** The fenced `sh` blocks of a Markdown text, each as its lines, with the prose just before it. */
function shellBlocks(markdown) {
  const blocks = []
  const fence = /(^|\n)([^\n]*)\n+```sh\n([\s\S]*?)\n```/g
  for (let match; (match = fence.exec(markdown)) !== null; ) blocks.push({ before: match[2], lines: match[3].split('\n') })
  return blocks
}

/**
 * The steps, or an error saying which README command is missing or changed.
 * @param markdown the README's text.
 * @returns {{ steps: { kind: string, command: string }[] } | { error: string }}
 */
function readmeCommands(markdown) {
  const blocks = shellBlocks(markdown)
  const first = blocks[0]
  if (first === undefined || first.lines.length !== 1) return { error: 'README.md starts with no one-line shell block (npm install && npm run setup && npm start)' }
  const parts = first.lines[0].split('&&').map((part) => part.trim())
  const steps = []
  for (const [i, part] of parts.entries()) {
    if (i === 0 && part === 'npm install') steps.push({ kind: 'install', command: 'npm ci' })
    else if (i === parts.length - 1 && part === 'npm start') steps.push({ kind: 'start', command: part })
    else if (i > 0 && i < parts.length - 1 && /^npm run [a-z][\w:-]*$/.test(part)) steps.push({ kind: 'run', command: part })
    else return { error: `README.md's first command is "${first.lines[0]}": expected npm install, then npm run <script>s, then npm start, joined by &&` }
  }
  if (steps.length < 2) return { error: `README.md's first command is "${first.lines[0]}": expected npm install, then npm run <script>s, then npm start, joined by &&` }
  const tests = blocks.find((block) => /run the tests/i.test(block.before))
  if (tests === undefined || tests.lines.length !== 1 || tests.lines[0] !== 'npm test') {
    return { error: 'README.md names no test command: expected a block with the one line "npm test" after "Run the tests"' }
  }
  steps.push({ kind: 'test', command: 'npm test' })
  return { steps }
}

module.exports = { readmeCommands }

if (require.main === module) {
  const result = readmeCommands(fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8'))
  if ('error' in result) {
    console.error(`.ci: ${result.error}`)
    process.exit(1)
  }
  for (const { kind, command } of result.steps) console.log(`${kind} ${command}`)
}
