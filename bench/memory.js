'use strict'
// Section 4: memory. RSS after verifying 1M distinct tokens, per cache size: the cache bound holds.

const { join } = require('node:path')

const { runNode } = require('./lib/child')
const { mb, table } = require('./lib/table')

const CONFIGS = ['off', '10000', '100000']

async function runMemory({ count, log }) {
  const rows = []
  const results = {}
  for (const config of CONFIGS) {
    log(`memory: cache ${config === 'off' ? 'off' : `max ${config}`}, ${count.toLocaleString('en-US')} distinct tokens`)
    const { samples, seconds } = await runNode(join(__dirname, 'memory-worker.js'), [config, String(count)], {
      nodeArgs: ['--expose-gc'],
      timeoutMs: 180_000,
    })
    results[config] = samples
    const at = (n) => `${mb(samples[n].heapUsed)} / ${mb(samples[n].rss)}`
    rows.push([
      config === 'off' ? 'cache: false' : `cache: { max: ${Number(config).toLocaleString('en-US')} }${config === '10000' ? ' (default)' : ''}`,
      at('start'),
      at(10_000),
      at(100_000),
      at(count),
      `${seconds.toFixed(1)} s`,
    ])
  }
  const markdown = [
    `Memory while one authenticator verifies ${count.toLocaleString('en-US')} distinct HS256 tokens: heap in use / resident set size, both after a full GC`,
    '(the heap holds what is still reachable: the cache; RSS also keeps pages V8 has not yet given back to the OS):',
    '',
    table(['cache option', 'at start', 'after 10k tokens', 'after 100k', `after ${count.toLocaleString('en-US')}`, 'time (sign + verify)'], rows),
  ].join('\n')
  return { markdown, results }
}

module.exports = { runMemory }
