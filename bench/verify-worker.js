'use strict'
// One verifier, one algorithm, one token mode, in a process of its own (no JIT state shared with
// the other libraries); prints { opsPerSec } as JSON.
//   node bench/verify-worker.js <verifier> <alg> <repeated|distinct> <fixtures.json> <ms>
// repeated: the same token every call (a cache hit, for verifiers that cache).
// distinct: each token of the pool for the first time: verifiers with a cache get a fresh one
// at every pass over the pool, so every call is a miss and pays the insertion.

const { createPublicKey, createSecretKey } = require('node:crypto')

const { loadFixtures } = require('./lib/tokens')

const [verifierName, alg, mode, fixturesFile, msText] = process.argv.slice(2)

/** Each verifier as its users call it: build once (`create`), then verify one token. */
const VERIFIERS = {
  'jwt-hooks': { create: (key) => hooks(key, undefined), input: bearer },
  'jwt-hooks (cache off)': { create: (key) => hooks(key, false), input: bearer },
  jsonwebtoken: {
    create: (key) => {
      const { verify } = require('jsonwebtoken')
      const options = { algorithms: [alg] }
      return (token) => verify(token, key, options)
    },
  },
  'jsonwebtoken (KeyObject)': {
    create: (key) => {
      const { verify } = require('jsonwebtoken')
      const keyObject = alg === 'HS256' ? createSecretKey(Buffer.from(key)) : createPublicKey(key)
      const options = { algorithms: [alg] }
      return (token) => verify(token, keyObject, options)
    },
  },
  'fast-jwt': { create: (key) => require('fast-jwt').createVerifier({ key, algorithms: [alg] }) },
  'fast-jwt (cache)': { create: (key) => require('fast-jwt').createVerifier({ key, algorithms: [alg], cache: 10_000 }) },
  jose: {
    async: true,
    create: (key, jose) => {
      const keyObject = alg === 'HS256' ? new TextEncoder().encode(key) : createPublicKey(key)
      const options = { algorithms: [alg] }
      return (token) => jose.jwtVerify(token, keyObject, options)
    },
  },
}

// The core pipeline, as every door runs it: it answers at once here (no blackList, no user
// loader). The root export `createAuthenticator` wraps this same function in a promise.
function hooks(key, cache) {
  const { createAuthenticator } = require('../dist/core/create-authenticator')
  return createAuthenticator({ secretOrPublicKey: key, cache }, { algorithms: [alg] })
}

// The core's input is a request: the header is built once per token, outside the timing.
function bearer(token) {
  const value = `Bearer ${token}`
  return { header: () => value, cookie: () => undefined }
}

async function main() {
  const fixtures = loadFixtures(fixturesFile)
  const spec = VERIFIERS[verifierName]
  if (spec === undefined) throw new Error(`unknown verifier ${verifierName}`)
  const isAsync = spec.async === true
  const jose = verifierName === 'jose' ? await import('jose') : undefined
  const key = fixtures.keys[alg].verifying
  const toInput = spec.input ?? ((token) => token)
  const { repeated, pool } = fixtures.tokens[alg]
  const inputs = mode === 'repeated' ? [toInput(repeated)] : pool.map(toInput)

  let verify = spec.create(key, jose)
  let next = 0
  // One call; a new verifier (so a cold cache) at the start of each pass over the pool.
  const call = () => {
    if (next === inputs.length) {
      next = 0
      if (mode === 'distinct') verify = spec.create(key, jose)
    }
    return verify(inputs[next++])
  }
  // The token must verify: a benchmark of the error path would flatter everyone.
  const first = call()
  if (first instanceof Promise !== isAsync) throw new Error(`expected ${isAsync ? 'a promise' : 'an answer at once'}`)
  const answer = await first
  if (answer?.status !== undefined) throw new Error(`refused: ${JSON.stringify(answer.body)}`)

  const ms = Number(msText)
  await runFor(call, isAsync, Math.min(300, ms / 3))
  next = inputs.length // start the measured run on a fresh verifier, at the pool's start
  const { ops, seconds } = await runFor(call, isAsync, ms)
  process.stdout.write(JSON.stringify({ opsPerSec: ops / seconds }))
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
  process.stderr.write(`${verifierName} ${alg} ${mode}: ${error.stack}\n`)
  process.exit(1)
})
