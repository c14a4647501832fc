'use strict'
// Several full runs into one report: `node bench/summarize.js run1.md run2.md run3.md`.
// Every line that differs between the runs has each of its numbers replaced by the median of the
// runs and their range, `median (min–max)`; lines the same in every run are kept as they are; a
// target line says in how many runs it was met.
// Runs must come from the same sections (same --only and --frameworks): lines are matched by
// position, table cells by column.

const { readFileSync } = require('node:fs')

const NUMBER = /\d[\d,]*(?:\.\d+)?x?/g

function main(files) {
  if (files.length < 2) throw new Error('usage: node bench/summarize.js <run.md> <run.md> [...]')
  const runs = files.map((file) => readFileSync(file, 'utf8').trimEnd().split('\n'))
  const length = runs[0].length
  const mismatch = runs.findIndex((lines) => lines.length !== length)
  if (mismatch !== -1) throw new Error(`${files[mismatch]} has ${runs[mismatch].length} lines, ${files[0]} ${length}: not the same sections`)
  const out = [`Median (min–max) of ${files.length} runs: ${files.join(', ')}`, '']
  for (let i = 0; i < length; i++) out.push(summarizeLine(runs.map((lines) => lines[i])))
  process.stdout.write(`${out.join('\n')}\n`)
}

const TARGET = /^- (met|NOT met): /

function summarizeLine(versions) {
  // A target line: in how many runs it was met, and its figures summarized like any others.
  if (versions.every((line) => TARGET.test(line))) {
    const met = versions.filter((line) => line.startsWith('- met: ')).length
    const figures = summarizeText(versions.map((line) => line.replace(TARGET, '')))
    return `- met in ${met} of ${versions.length} runs: ${figures}`
  }
  if (versions.every((line) => line === versions[0])) return versions[0]
  if (!versions[0].startsWith('|')) return summarizeText(versions)
  const rows = versions.map((line) => line.split('|').map((cell) => cell.trim()))
  // A table's rule: its dashes follow the column's width in each run.
  if (rows.every((row) => row.slice(1, -1).every((cell) => /^-+$/.test(cell)))) return `|${rows[0].slice(1, -1).map(() => ' --- ').join('|')}|`
  return `| ${rows[0].slice(1, -1).map((_, c) => summarizeText(rows.map((row) => row[c + 1]))).join(' | ')} |`
}

/** One text in several runs: the same words around different numbers. */
function summarizeText(versions) {
  if (versions.every((text) => text === versions[0])) return versions[0]
  const template = (text) => text.replace(NUMBER, '#')
  if (!versions.every((text) => template(text) === template(versions[0]))) {
    // Words differ (e.g. "fastest peer" names another peer): every run's text, in order.
    return versions.join(' / ')
  }
  const numbers = versions.map((text) => (text.match(NUMBER) ?? []).map(toNumber))
  let k = 0
  return versions[0].replace(NUMBER, (first) => {
    const values = numbers.map((list) => list[k]).sort((a, b) => a - b)
    k++
    const unit = first.endsWith('x') ? 'x' : ''
    const decimals = (first.slice(0, first.length - unit.length).split('.')[1] ?? '').length
    const show = (value) => `${format(value, decimals, first.includes(','))}${unit}`
    return values[0] === values[values.length - 1] ? show(values[0]) : `${show(median(values))} (${show(values[0])}–${show(values[values.length - 1])})`
  })
}

const toNumber = (text) => Number(text.replace(/[,x]/g, ''))
const median = (sorted) => (sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2)
const format = (value, decimals, grouped) =>
  grouped ? value.toLocaleString('en-US', { maximumFractionDigits: decimals }) : value.toFixed(decimals)

try {
  main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`${error.message}\n`)
  process.exitCode = 1
}
