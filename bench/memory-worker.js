'use strict'
// Resident set size while one authenticator verifies 1M distinct HS256 tokens, made on the fly
// (nothing but the cache can keep them). Run with --expose-gc; prints JSON.
//   node --expose-gc bench/memory-worker.js <cache max | off> <count>

const { SECRET, claimsFor, signToken } = require('./lib/tokens')

async function main() {
  const [maxText, countText] = process.argv.slice(2)
  const count = Number(countText)
  const { createAuthenticator } = require('../dist')
  const cache = maxText === 'off' ? false : { max: Number(maxText) }
  const authenticate = createAuthenticator({ secretOrPublicKey: SECRET, cache }, { algorithms: ['HS256'] })
  const request = { value: '', header() {
    return this.value
  }, cookie: () => undefined }
  // After a full GC: rss is what the OS sees, heapUsed what is still reachable (the cache).
  const rss = () => {
    global.gc()
    const { rss, heapUsed } = process.memoryUsage()
    return { rss, heapUsed }
  }
  const now = Math.floor(Date.now() / 1000)
  // One verification first: code loaded and compiled before the baseline.
  request.value = `Bearer ${signToken('HS256', SECRET, claimsFor(-1, now))}`
  await authenticate(request)
  const samples = { start: rss() }
  const checkpoints = new Set([10_000, 100_000, count])
  const started = process.hrtime.bigint()
  for (let i = 1; i <= count; i++) {
    request.value = `Bearer ${signToken('HS256', SECRET, claimsFor(i, now))}`
    const result = await authenticate(request)
    if (result.status !== undefined) throw new Error(`token ${i} refused: ${JSON.stringify(result.body)}`)
    if (checkpoints.has(i)) samples[i] = rss()
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  process.stdout.write(JSON.stringify({ samples, seconds }))
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exit(1)
})
