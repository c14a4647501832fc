'use strict'
// One algorithm and token mode, one verifier in a process of its own (no JIT state shared with
// the other libraries), or two taking turns in one process; prints JSON.
//   node bench/verify-worker.js <verifier>[+<verifier>] <alg> <repeated|distinct> <fixtures.json> <ms>
// One verifier: { opsPerSec }. Two ("paired"): { ratio }, each run for ms in turns of TURN_MS
// (a b b a …), ratio the median of the turns' a ÷ b: both meet the same machine within
// milliseconds, where a process of its own meets it seconds apart.
// repeated: the same token every call (a cache hit, for verifiers that cache).
// distinct: each token of the pool for the first time: verifiers with a cache get a fresh one
// at every pass over the pool, so every call is a miss and pays the insertion.

const { loadFixtures } = require('./lib/tokens')
const { median } = require('./lib/table')
const { serve, verifiersFor } = require('./lib/verifiers')

const [names, alg, mode, fixturesFile, msText] = process.argv.slice(2)
const TURN_MS = 25

/** A verifier ready to call: its first calls checked, warmed up. */
async function prepare(verifierName, fixtures, ms) {
  const spec = verifiersFor(alg)[verifierName]
  if (spec === undefined) throw new Error(`unknown verifier ${verifierName}`)
  const isAsync = spec.async === true
  const context = {
    jose: verifierName === 'jose' ? await import('jose') : undefined,
    jwks: fixtures.keys[alg].jwks,
    jwksUrl: spec.serves ? await serve(fixtures.keys[alg].jwks) : undefined,
  }
  const key = fixtures.keys[alg].verifying
  const toInput = spec.input ?? ((token) => token)
  const { repeated, pool, withKid } = fixtures.tokens[alg]
  if (spec.kid && mode !== 'repeated') throw new Error(`${verifierName} is measured on a repeated token only`)
  const inputs = spec.kid ? [toInput(withKid)] : mode === 'repeated' ? [toInput(repeated)] : pool.map(toInput)

  let verify = spec.create(key, context)
  let next = 0
  // One call; a new verifier (so a cold cache) at the start of each pass over the pool.
  const call = () => {
    if (next === inputs.length) {
      next = 0
      if (mode === 'distinct') verify = spec.create(key, context)
    }
    return verify(inputs[next++])
  }
  // A remote set is fetched on the first call: that one answers later, the others at once.
  if (spec.serves) await check(await call())
  // The token must verify: a benchmark of the error path would flatter everyone.
  const first = call()
  if (first instanceof Promise !== isAsync) throw new Error(`${verifierName}: expected ${isAsync ? 'a promise' : 'an answer at once'}`)
  await check(await first)
  await warmUp(call, isAsync, ms)
  next = inputs.length // start the measured run on a fresh verifier, at the pool's start
  return { run: (forMs) => runFor(call, isAsync, forMs) }
}

async function main() {
  const fixtures = loadFixtures(fixturesFile)
  const ms = Number(msText)
  const runners = []
  for (const name of names.split('+')) runners.push(await prepare(name, fixtures, ms))
  if (runners.length === 1) {
    const { ops, seconds } = await runners[0].run(ms)
    return process.stdout.write(JSON.stringify({ opsPerSec: ops / seconds }))
  }
  if (runners.length !== 2) throw new Error('one verifier, or two to pair')
  const ratios = []
  for (let pair = 0; pair < Math.max(2, Math.round(ms / TURN_MS)); pair++) {
    // a b, then b a: neither always runs right after the other's garbage.
    const rates = []
    for (const i of pair % 2 === 0 ? [0, 1] : [1, 0]) {
      const { ops, seconds } = await runners[i].run(TURN_MS)
      rates[i] = ops / seconds
    }
    ratios.push(rates[0] / rates[1])
  }
  process.stdout.write(JSON.stringify({ ratio: median(ratios) }))
}

async function check(answer) {
  if (answer?.status !== undefined) throw new Error(`refused: ${JSON.stringify(answer.body)} (${answer.status})`)
}

// V8 optimizes by call counts, not time: 300 ms is 70,000 HS256 calls but 4,000 EdDSA ones, and a
// process measured that early still spends CPU on compiling beside the calls (12% more CPU than
// wall time, measured for jwt-hooks on RS256). So: at least WARM_CALLS calls, within a bound.
const WARM_CALLS = 20_000
const WARM_MAX_MS = 2_000

/** Runs fn for at least ms / 3 (at most 300 ms) and WARM_CALLS calls, or WARM_MAX_MS at most. */
async function warmUp(fn, isAsync, ms) {
  const start = Date.now()
  let calls = 0
  while (Date.now() - start < WARM_MAX_MS) {
    calls += (await runFor(fn, isAsync, 100)).ops
    if (calls >= WARM_CALLS && Date.now() - start >= Math.min(300, ms / 3)) return
  }
}

/** Calls fn in batches until ms have passed; the clock is read once per batch. */
async function runFor(fn, isAsync, ms) {
  const start = process.hrtime.bigint()
  const end = start + BigInt(Math.round(ms * 1e6))
  let ops = 0
  let batch = 1
  for (;;) {
    const batchStart = process.hrtime.bigint()
    if (isAsync) for (let i = 0; i < batch; i++) await fn()
    else for (let i = 0; i < batch; i++) fn()
    ops += batch
    const now = process.hrtime.bigint()
    if (now >= end) return { ops, seconds: Number(now - start) / 1e9 }
    // Batches of about 2 ms: the clock costs nothing, and the end is not overshot by much.
    if (now - batchStart < 2_000_000n) batch *= 2
  }
}

main().catch((error) => {
  process.stderr.write(`${names} ${alg} ${mode}: ${error.stack}\n`)
  process.exit(1)
})
