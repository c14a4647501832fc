'use strict'
// Part of the verify section: what refusing a forged token costs when its payload is deeply
// nested, against a flat one of the same length, for jwt-hooks and jsonwebtoken.

const { join } = require('node:path')

const { runNode } = require('./lib/child')
const { fixed, median, ratio, table } = require('./lib/table')

const VERIFIERS = ['jwt-hooks', 'jsonwebtoken (KeyObject)']
const SHAPES = ['flat', 'nested']

/** Each verifier × shape in a process of its own, `rounds` times; the median of the rounds. */
async function runRefusal({ rounds, ms, log }) {
  const samples = new Map()
  for (let round = 0; round < rounds; round++) {
    log(`refusal cost: round ${round + 1}/${rounds}`)
    for (const verifier of VERIFIERS) {
      for (const shape of SHAPES) {
        const { usPerOp } = await runNode(join(__dirname, 'refusal-worker.js'), [verifier, shape, String(ms)], { timeoutMs: ms * 3 + 30_000 })
        samples.set(`${verifier} ${shape}`, [...(samples.get(`${verifier} ${shape}`) ?? []), usPerOp])
      }
    }
  }
  const us = (verifier, shape) => median(samples.get(`${verifier} ${shape}`) ?? [])
  const rows = VERIFIERS.map((v) => [v, fixed(us(v, 'flat'), 1), fixed(us(v, 'nested'), 1), ratio(us(v, 'nested') / us(v, 'flat'))])
  const markdown = [
    'Refusing a forged HS256 token of 14 KB, µs each (median of rounds): a flat payload, and 5,400 nested arrays:',
    '',
    table(['verifier', 'flat', 'nested', 'nested ÷ flat'], rows),
  ].join('\n')
  return { us, markdown }
}

module.exports = { runRefusal }
