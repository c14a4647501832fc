'use strict'
// One verifier, one algorithm, one token mode, in a process of its own (no JIT state shared with
// the other libraries); prints { opsPerSec } as JSON.
//   node bench/verify-worker.js <verifier> <alg> <repeated|distinct> <fixtures.json> <ms>
// repeated: the same token every call (a cache hit, for verifiers that cache).
// distinct: each token of the pool for the first time: verifiers with a cache get a fresh one
// at every pass over the pool, so every call is a miss and pays the insertion.
// BENCH_BASELINE=<dir>: another build of jwt-hooks (its package folder), run as `jwt-hooks (baseline)`.

const { createPublicKey, createSecretKey, verify: cryptoVerify } = require('node:crypto')
const { createServer } = require('node:http')
const { join } = require('node:path')

const { loadFixtures } = require('./lib/tokens')

const [verifierName, alg, mode, fixturesFile, msText] = process.argv.slice(2)

/** Each verifier as its users call it: build once (`create`), then verify one token. */
const VERIFIERS = {
  'jwt-hooks': { create: (key) => hooks({ secretOrPublicKey: key }), input: bearer },
  'jwt-hooks (cache off)': { create: (key) => hooks({ secretOrPublicKey: key, cache: false }), input: bearer },
  // A JWKS of two keys, the token's kid picking the second.
  'jwt-hooks (2-key set)': { create: (_key, { jwks }) => hooks({ keys: jwks }), input: bearer, kid: true },
  // The static key on that very token: what a set is compared with (a kid lengthens the token, and
  // every hit reads the whole token: the whitespace scan, the comparison with the cached one).
  'jwt-hooks (static, kid token)': { create: (key) => hooks({ secretOrPublicKey: key }), input: bearer, kid: true },
  // The same set published by a server on 127.0.0.1, fetched once before the timing starts.
  'jwt-hooks (remote JWKS)': { create: (_key, { jwksUrl }) => hooks({ jwksUrl }), input: bearer, kid: true, serves: true },
  'jwt-hooks (baseline)': { create: (key) => baseline({ secretOrPublicKey: key }), input: bearer },
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
    create: (key, { jose }) => {
      const keyObject = alg === 'HS256' ? new TextEncoder().encode(key) : createPublicKey(key)
      const options = { algorithms: [alg] }
      return (token) => jose.jwtVerify(token, keyObject, options)
    },
  },
  // The floor: the signature check alone, on a token split beforehand (EdDSA).
  'crypto.verify (floor)': {
    create: (key) => {
      const publicKey = createPublicKey(key)
      return ({ input, signature }) => {
        if (!cryptoVerify(null, input, publicKey, signature)) throw new Error('refused')
      }
    },
    input: (token) => {
      const dot = token.lastIndexOf('.')
      return { input: Buffer.from(token.slice(0, dot)), signature: Buffer.from(token.slice(dot + 1), 'base64url') }
    },
  },
}

// The core pipeline, as every door runs it, from the package's public entry: it answers at once
// here (no blackList, no user loader, the key at hand).
function hooks(options) {
  const { createAuthenticator } = require('jwt-hooks/core')
  return createAuthenticator(options, { algorithms: [alg] })
}

function baseline(options) {
  const dir = process.env.BENCH_BASELINE
  if (dir === undefined) throw new Error('BENCH_BASELINE is not set')
  let entry
  try {
    entry = require(join(dir, 'dist/core/index.js'))
  } catch {
    // A build from before the core had an entry of its own.
    entry = require(join(dir, 'dist/core/create-authenticator.js'))
  }
  return entry.createAuthenticator(options, { algorithms: [alg] })
}

// The core's input is a request: the header is built once per token, outside the timing.
function bearer(token) {
  const value = `Bearer ${token}`
  return { header: () => value, cookie: () => undefined }
}

/** The set's public keys at a URL on 127.0.0.1, for the remote JWKS verifier. */
async function serve(jwks) {
  const body = JSON.stringify(jwks)
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  return `http://127.0.0.1:${server.address().port}/jwks.json`
}

async function main() {
  const fixtures = loadFixtures(fixturesFile)
  const spec = VERIFIERS[verifierName]
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
  const inputs = spec.kid ? [toInput(withKid)] : mode === 'repeated' ? [toInput(repeated)] : pool.map(toInput)
  if (spec.kid && mode !== 'repeated') throw new Error(`${verifierName} is measured on a repeated token only`)

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
  if (first instanceof Promise !== isAsync) throw new Error(`expected ${isAsync ? 'a promise' : 'an answer at once'}`)
  await check(await first)

  const ms = Number(msText)
  await warmUp(call, isAsync, ms)
  next = inputs.length // start the measured run on a fresh verifier, at the pool's start
  const { ops, seconds } = await runFor(call, isAsync, ms)
  process.stdout.write(JSON.stringify({ opsPerSec: ops / seconds }))
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
  process.stderr.write(`${verifierName} ${alg} ${mode}: ${error.stack}\n`)
  process.exit(1)
})
