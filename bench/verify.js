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
/**
 * What the targets within a few percent compare, measured in one process taking turns: two
 * processes seconds apart differ by more than that on this kind of machine. Distinct tokens
 * against fast-jwt (an ES256 or EdDSA verify is over 95% OpenSSL's, the same call for both), and
 * a key set on a cache hit against the static key on the same token.
 */
const PAIRS = ALGORITHMS.flatMap((alg) => [
  { alg, mode: 'distinct', verifiers: [HOOKS, 'fast-jwt'] },
  ...KEY_SETS.filter((set) => applies(set, alg, 'repeated')).map((set) => ({ alg, mode: 'repeated', verifiers: [set, STATIC_KID] })),
])

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
  const worker = (verifiers, alg, mode) =>
    runNode(join(__dirname, 'verify-worker.js'), [verifiers.join('+'), alg, mode, fixturesFile, String(ms)], { timeoutMs: ms * 6 + 30_000 })
  const add = (key, value) => samples.set(key, [...(samples.get(key) ?? []), value])
  for (let round = 0; round < rounds; round++) {
    log(`verify: round ${round + 1}/${rounds} (${runs} runs of ${ms} ms, ${PAIRS.length} paired)`)
    for (const group of round % 2 === 0 ? groups : [...groups].reverse()) {
      for (const job of round % 2 === 0 ? group : [...group].reverse()) {
        add(`${job.alg} ${job.mode} ${job.verifier}`, (await worker([job.verifier], job.alg, job.mode)).opsPerSec)
      }
    }
    for (const pair of PAIRS) add(`${pair.alg} ${pair.mode} ${pair.verifiers.join('+')}`, (await worker(pair.verifiers, pair.alg, pair.mode)).ratio)
  }
  const of = (alg, mode, verifier) => samples.get(`${alg} ${mode} ${verifier}`) ?? []
  const ops = (alg, mode, verifier) => median(of(alg, mode, verifier))
  /** How many times as fast a is as b: the median of the rounds' ratios. */
  const over = (alg, mode, a, b) => {
    const bs = of(alg, mode, b)
    return median(of(alg, mode, a).map((value, round) => value / bs[round]))
  }
  /** a ÷ b measured in one process taking turns: the median of the rounds' ratios. */
  const paired = (alg, mode, a, b) => median(of(alg, mode, `${a}+${b}`))
  const refusal = await runRefusal({ rounds, ms, log })
  return { ops, over, paired, refusal: refusal.us, markdown: `${report(ops, over, paired, pool)}\n\n${refusal.markdown}` }
}

function report(ops, over, paired, pool) {
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
    '',
    'Paired: both verifiers in one process taking turns of 25 ms, a ÷ b the median of the turns\' ratios',
    "(own processes: the same ratio from processes of their own, as above), median of the rounds':",
    '',
    table(
      ['alg', 'tokens', 'a ÷ b', 'paired', 'own processes'],
      PAIRS.map(({ alg, mode, verifiers: [a, b] }) => [alg, mode === 'repeated' ? 'repeated token' : `${pool.toLocaleString('en-US')} distinct`, `${a} ÷ ${b}`, ratio(paired(alg, mode, a, b)), ratio(over(alg, mode, a, b))]),
    ),
  ].join('\n')
}

module.exports = { runVerify, KEY_SETS, STATIC_KID, FLOOR, BASELINE, applies }
