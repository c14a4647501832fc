'use strict'
// Section 3: revocation. Requests per second on FoalTS with a blacklist file of 0, 10k, 100k and
// 1M lines: jwt-hooks' JWTRequired + isInFile (a Set, read when the file changes) against
// @foal/jwt's JWTRequired + @foal/core's isInFile (reads and scans the file on every call).

const { randomBytes } = require('node:crypto')
const { createWriteStream } = require('node:fs')
const { join } = require('node:path')
const { once } = require('node:events')

const autocannon = require('autocannon')

const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const SIZES = [
  { name: 'empty', lines: 0 },
  { name: '10k', lines: 10_000 },
  { name: '100k', lines: 100_000 },
  { name: '1M', lines: 1_000_000 },
]

/** A file of `lines` revoked tokens, shaped like HS256 JWTs (about 170 characters a line). */
async function writeBlacklist(file, lines) {
  const out = createWriteStream(file)
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')
  for (let done = 0; done < lines; ) {
    const n = Math.min(10_000, lines - done)
    const random = randomBytes(n * 120).toString('base64url')
    let chunk = ''
    for (let i = 0; i < n; i++) chunk += `${header}.${random.slice(i * 160, i * 160 + 90)}.${random.slice(i * 160 + 90, i * 160 + 133)}\n`
    if (!out.write(chunk)) await once(out, 'drain')
    done += n
  }
  out.end()
  await once(out, 'close')
}

async function load(url, authorization, seconds, connections) {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization } })
  const codes = Object.keys(result.statusCodeStats ?? {})
  if (result.errors > 0 || codes.some((code) => code !== '200')) {
    throw new Error(`${url}: expected only 200, got ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`)
  }
  return { rps: result.requests.total / (result.duration || seconds), p99: result.latency.p99 }
}

/** The token sent is valid and not on the list: the case every request of a live service pays. */
async function runRevocation({ secret, validToken, seconds, connections, rounds, foalCwd, dir, log }) {
  log('revocation: writing blacklist files (up to 1M lines)')
  const lists = []
  for (const size of SIZES) {
    const file = join(dir, `blacklist-${size.name}.txt`)
    await writeBlacklist(file, size.lines)
    lists.push({ name: size.name, file })
  }
  log(`revocation: foal, ${rounds} rounds, ${seconds} s per run, ${connections} connections`)
  const server = await startServer(join(__dirname, 'http-server.js'), ['foal-revocation'], {
    cwd: foalCwd,
    env: { ...process.env, BENCH_SECRET: secret, NODE_ENV: 'production', BENCH_BLACKLISTS: JSON.stringify(lists) },
    maxMs: 10 * 60_000,
    startMs: 120_000,
  })
  const samples = new Map()
  try {
    const base = `http://127.0.0.1:${server.port}`
    const authorization = `Bearer ${validToken}`
    const runs = SIZES.flatMap((size) => ['hooks', 'foal'].map((door) => ({ key: `${door} ${size.name}`, path: `/${door}/${size.name}` })))
    for (const run of runs) await load(base + run.path, authorization, 1, connections)
    for (let round = 0; round < rounds; round++) {
      for (const run of round % 2 ? [...runs].reverse() : runs) {
        samples.set(run.key, [...(samples.get(run.key) ?? []), await load(base + run.path, authorization, seconds, connections)])
      }
    }
  } finally {
    await server.stop()
  }
  const rps = (key) => median(samples.get(key).map((s) => s.rps))
  const p99 = (key) => median(samples.get(key).map((s) => s.p99))
  const rows = SIZES.map((size) => [
    size.lines.toLocaleString('en-US'),
    thousands(rps(`hooks ${size.name}`)),
    `${p99(`hooks ${size.name}`)} ms`,
    fixed(rps(`hooks ${size.name}`) / rps('hooks empty')),
    thousands(rps(`foal ${size.name}`)),
    `${p99(`foal ${size.name}`)} ms`,
    fixed(rps(`foal ${size.name}`) / rps('foal empty'), 3),
  ])
  const markdown = [
    `Revocation on FoalTS (valid token, not revoked; ${connections} connections): requests per second, p99, and ÷ the empty file:`,
    '',
    table(['blacklist lines', 'jwt-hooks isInFile req/s', 'p99', '÷ empty', '@foal/jwt + isInFile req/s', 'p99', '÷ empty'], rows),
  ].join('\n')
  return { markdown, ratio1M: rps('hooks 1M') / rps('hooks empty') }
}

module.exports = { runRevocation }
