'use strict'
// Section 1: verify throughput, jwt-hooks' core authenticator against each peer, same run.

const { join } = require('node:path')

const { runNode } = require('./lib/child')
const { runRefusal } = require('./refusal')
const { median, ratio, table, thousands } = require('./lib/table')
const { ALGORITHMS } = require('./lib/tokens')

const HOOKS = 'jwt-hooks'
const PEERS = ['jsonwebtoken', 'jsonwebtoken (KeyObject)', 'fast-jwt', 'fast-jwt (cache)', 'jose']
const KEY_SETS = ['jwt-hooks (2-key set)', 'jwt-hooks (remote JWKS)']
/** The static key on the key sets' token (same header with its kid): the sets' reference. */
const STATIC_KID = 'jwt-hooks (static, kid token)'
const FLOOR = 'crypto.verify (floor)'
const BASELINE = 'jwt-hooks (baseline)'
const VERIFIERS = [HOOKS, 'jwt-hooks (cache off)', STATIC_KID, ...KEY_SETS, BASELINE, ...PEERS, FLOOR]
const MODES = ['repeated', 'distinct']

/** Whether a verifier is measured for this algorithm and mode (jsonwebtoken has no EdDSA, …). */
function applies(verifier, alg, mode) {
  if (verifier.startsWith('jsonwebtoken')) return alg !== 'EdDSA'
  if (verifier === FLOOR) return alg === 'EdDSA'
  if (verifier === STATIC_KID) return mode === 'repeated'
  // Key sets on a cache hit; a published set holds no shared secret.
  if (KEY_SETS.includes(verifier)) return mode === 'repeated' && !(verifier.includes('remote') && alg === 'HS256')
  // A build from before EdDSA, when one is given to compare with.
  if (verifier === BASELINE) return process.env.BENCH_BASELINE !== undefined && alg !== 'EdDSA'
  return true
}

/**
 * Every verifier × algorithm × mode in a process of its own, `rounds` times. The verifiers of one
 * algorithm and token mode run back to back (forward in one round, backward in the next), so a
 * ratio compares processes run seconds apart: this machine's speed drifts by more than 5% over a
 * minute. A ratio is the median of the rounds' ratios, a figure the median of its rounds.
 */
async function runVerify({ fixturesFile, pool, rounds, ms, log }) {
  const samples = new Map()
  const groups = []
  for (const alg of ALGORITHMS) {
    for (const mode of MODES) groups.push(VERIFIERS.filter((verifier) => applies(verifier, alg, mode)).map((verifier) => ({ alg, mode, verifier })))
  }
  const runs = groups.reduce((sum, group) => sum + group.length, 0)
  for (let round = 0; round < rounds; round++) {
    log(`verify: round ${round + 1}/${rounds} (${runs} runs of ${ms} ms)`)
    for (const group of round % 2 === 0 ? groups : [...groups].reverse()) {
      for (const job of round % 2 === 0 ? group : [...group].reverse()) {
        const { opsPerSec } = await runNode(join(__dirname, 'verify-worker.js'), [job.verifier, job.alg, job.mode, fixturesFile, String(ms)], {
          timeoutMs: ms * 3 + 30_000,
        })
        const key = `${job.alg} ${job.mode} ${job.verifier}`
        samples.set(key, [...(samples.get(key) ?? []), opsPerSec])
      }
    }
  }
  const of = (alg, mode, verifier) => samples.get(`${alg} ${mode} ${verifier}`) ?? []
  const ops = (alg, mode, verifier) => median(of(alg, mode, verifier))
  /** How many times as fast a is as b: the median of the rounds' ratios. */
  const over = (alg, mode, a, b) => {
    const bs = of(alg, mode, b)
    return median(of(alg, mode, a).map((value, round) => value / bs[round]))
  }
  const refusal = await runRefusal({ rounds, ms, log })
  return { ops, over, refusal: refusal.us, markdown: `${report(ops, over, pool)}\n\n${refusal.markdown}` }
}

function report(ops, over, pool) {
  const shown = VERIFIERS.filter((v) => ALGORITHMS.some((alg) => MODES.some((mode) => applies(v, alg, mode))))
  const throughput = []
  const ratios = []
  const keys = []
  for (const alg of ALGORITHMS) {
    for (const mode of MODES) {
      const label = mode === 'repeated' ? 'repeated token' : `${pool.toLocaleString('en-US')} distinct`
      throughput.push([alg, label, ...shown.map((v) => (applies(v, alg, mode) ? thousands(ops(alg, mode, v)) : '—'))])
      const peers = PEERS.filter((p) => applies(p, alg, mode))
      const fastest = peers.reduce((best, p) => (ops(alg, mode, p) > ops(alg, mode, best) ? p : best))
      const hooksOver = (verifier) => (applies(verifier, alg, mode) ? ratio(over(alg, mode, HOOKS, verifier)) : '—')
      ratios.push([alg, label, ...PEERS.map(hooksOver), `${hooksOver(fastest)} (${fastest})`, hooksOver(FLOOR), hooksOver(BASELINE)])
      if (mode === 'repeated') {
        const sets = KEY_SETS.map((set) =>
          applies(set, alg, mode) ? `${ratio(over(alg, mode, set, STATIC_KID))} (${ratio(over(alg, mode, set, HOOKS))})` : '—',
        )
        keys.push([alg, ...sets, ratio(over(alg, mode, STATIC_KID, HOOKS))])
      }
    }
  }
  return [
    'Verify, operations per second (median of rounds; each cell its own process):',
    '',
    table(['alg', 'tokens', ...shown], throughput),
    '',
    'jwt-hooks (default: cache on, one static key) ÷ peer, same run (median of the rounds\' ratios):',
    '',
    table(['alg', 'tokens', ...PEERS.map((p) => `÷ ${p}`), '÷ fastest peer', `÷ ${FLOOR}`, `÷ ${BASELINE}`], ratios),
    '',
    'Key sets on a cache hit (a repeated token with a kid) ÷ the static key on that same token, same run',
    '(in brackets: ÷ the static key on the repeated token without a kid, 10-12 characters shorter):',
    '',
    table(['alg', ...KEY_SETS.map((set) => `${set} ÷ static`), 'static: kid token ÷ token without kid'], keys),
  ].join('\n')
}

module.exports = { runVerify, KEY_SETS, STATIC_KID, FLOOR, BASELINE, applies }
