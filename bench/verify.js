'use strict'
// Section 1: verify throughput, jwt-hooks' core authenticator against each peer, same run.

const { join } = require('node:path')

const { runNode } = require('./lib/child')
const { runRefusal } = require('./refusal')
const { median, ratio, table, thousands } = require('./lib/table')
const { ALGORITHMS } = require('./lib/tokens')

const HOOKS = 'jwt-hooks'
const PEERS = ['jsonwebtoken', 'jsonwebtoken (KeyObject)', 'fast-jwt', 'fast-jwt (cache)', 'jose']
const VERIFIERS = [HOOKS, 'jwt-hooks (cache off)', ...PEERS]
const MODES = ['repeated', 'distinct']

/**
 * Every verifier × algorithm × mode in a process of its own, `rounds` times in rotated order
 * (so drift on a shared machine spreads over all), and the median of the rounds.
 */
async function runVerify({ fixturesFile, pool, rounds, ms, log }) {
  const samples = new Map()
  const jobs = []
  for (const alg of ALGORITHMS) for (const mode of MODES) for (const verifier of VERIFIERS) jobs.push({ alg, mode, verifier })
  for (let round = 0; round < rounds; round++) {
    log(`verify: round ${round + 1}/${rounds} (${jobs.length} runs of ${ms} ms)`)
    const shift = Math.floor((round * jobs.length) / rounds)
    for (const job of [...jobs.slice(shift), ...jobs.slice(0, shift)]) {
      const key = `${job.alg} ${job.mode} ${job.verifier}`
      const { opsPerSec } = await runNode(join(__dirname, 'verify-worker.js'), [job.verifier, job.alg, job.mode, fixturesFile, String(ms)], {
        timeoutMs: ms * 3 + 30_000,
      })
      samples.set(key, [...(samples.get(key) ?? []), opsPerSec])
    }
  }
  const ops = (alg, mode, verifier) => median(samples.get(`${alg} ${mode} ${verifier}`) ?? [])
  const refusal = await runRefusal({ rounds, ms, log })
  return { ops, refusal: refusal.us, markdown: `${report(ops, pool)}\n\n${refusal.markdown}` }
}

function report(ops, pool) {
  const throughput = []
  const ratios = []
  for (const alg of ALGORITHMS) {
    for (const mode of MODES) {
      const label = mode === 'repeated' ? 'repeated token' : `${pool.toLocaleString('en-US')} distinct`
      throughput.push([alg, label, ...VERIFIERS.map((v) => thousands(ops(alg, mode, v)))])
      const hooks = ops(alg, mode, HOOKS)
      const fastest = Math.max(...PEERS.map((p) => ops(alg, mode, p)))
      const fastestName = PEERS.find((p) => ops(alg, mode, p) === fastest)
      ratios.push([
        alg,
        label,
        ratio(hooks / ops(alg, mode, 'jsonwebtoken')),
        ratio(hooks / ops(alg, mode, 'jsonwebtoken (KeyObject)')),
        ratio(hooks / ops(alg, mode, 'fast-jwt')),
        ratio(hooks / ops(alg, mode, 'fast-jwt (cache)')),
        ratio(hooks / ops(alg, mode, 'jose')),
        `${ratio(hooks / fastest)} (${fastestName})`,
      ])
    }
  }
  return [
    'Verify, operations per second (median of rounds; each cell its own process):',
    '',
    table(['alg', 'tokens', ...VERIFIERS], throughput),
    '',
    'jwt-hooks (default: cache on) ÷ peer, same run:',
    '',
    table(['alg', 'tokens', '÷ jsonwebtoken', '÷ jsonwebtoken (KeyObject)', '÷ fast-jwt', '÷ fast-jwt (cache)', '÷ jose', '÷ fastest peer'], ratios),
  ].join('\n')
}

module.exports = { runVerify }
