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

/**
 * Waits until the server is idle: requests autocannon gave up on at the end of a run (a @foal/jwt
 * call reading a 1M-line file takes about a second) would otherwise be billed to the next run.
 */
async function settle(cpu) {
  for (let tries = 0; tries < 40; tries++) {
    const before = await cpu()
    await new Promise((resolve) => setTimeout(resolve, 250))
    if ((await cpu()) - before < 10_000) return
  }
}

async function load(url, authorization, seconds, connections, cpu) {
  await settle(cpu)
  const cpuBefore = await cpu()
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization } })
  const codes = Object.keys(result.statusCodeStats ?? {})
  if (result.errors > 0 || codes.some((code) => code !== '200')) {
    throw new Error(`${url}: expected only 200, got ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`)
  }
  const cpuUsed = (await cpu()) - cpuBefore
  return { rps: result.requests.total / (result.duration || seconds), p99: result.latency.p99, cpuUs: cpuUsed / result.requests.total }
}

/**
 * The token sent is valid and not on the list: the case every request of a live service pays.
 * A server per file and per door, so each holds only its own list and pays only its own GC (a
 * @foal/jwt server reads its whole file on every request: hundreds of MB a second beside 100k or
 * 1M lines, which a jwt-hooks route in the same process would be billed for). Every round runs
 * the jwt-hooks servers back to back, then the @foal/jwt ones (order reversed on odd rounds), so
 * a ratio to the empty file compares runs seconds apart.
 */
async function runRevocation({ secret, validToken, seconds, connections, rounds, foalCwd, dir, log }) {
  log('revocation: writing blacklist files (up to 1M lines)')
  const servers = { hooks: [], foal: [] }
  const samples = new Map()
  try {
    for (const size of SIZES) {
      const file = join(dir, `blacklist-${size.name}.txt`)
      await writeBlacklist(file, size.lines)
      for (const door of ['hooks', 'foal']) {
        const server = await startServer(join(__dirname, 'http-server.js'), ['foal-revocation', size.name], {
          cwd: foalCwd,
          env: { ...process.env, BENCH_SECRET: secret, NODE_ENV: 'production', BENCH_BLACKLIST: file },
          maxMs: 10 * 60_000,
          startMs: 120_000,
        })
        servers[door].push({ size, server })
      }
    }
    log(`revocation: foal, a server per file and door; ${rounds} rounds, ${seconds} s per run, ${connections} connections`)
    const authorization = `Bearer ${validToken}`
    const run = ({ size, server }, door, time) => load(`http://127.0.0.1:${server.port}/${door}`, authorization, time, connections, server.cpu).then((result) => [`${door} ${size.name}`, result])
    for (const door of ['hooks', 'foal']) for (const entry of servers[door]) await run(entry, door, 1)
    for (let round = 0; round < rounds; round++) {
      for (const door of ['hooks', 'foal']) {
        for (const entry of round % 2 ? [...servers[door]].reverse() : servers[door]) {
          const [key, result] = await run(entry, door, seconds)
          samples.set(key, [...(samples.get(key) ?? []), result])
        }
      }
    }
  } finally {
    for (const { server } of [...servers.hooks, ...servers.foal]) await server.stop()
  }
  const of = (key, field) => median(samples.get(key).map((sample) => sample[field]))
  // Each round's run over a file paired with the same round's run over the empty one, then the
  // median of those ratios: a load swing that spans a round cancels out.
  const paired = (key, base, field) => median(samples.get(key).map((sample, round) => sample[field] / samples.get(base)[round][field]))
  const rows = SIZES.map((size) => {
    const cells = []
    for (const door of ['hooks', 'foal']) {
      const key = `${door} ${size.name}`
      const empty = `${door} empty`
      cells.push(
        thousands(of(key, 'rps')),
        `${of(key, 'p99')} ms`,
        fixed(paired(key, empty, 'rps'), door === 'foal' ? 3 : 2),
        `${fixed(of(key, 'cpuUs'), 0)} µs`,
        fixed(1 / paired(key, empty, 'cpuUs'), door === 'foal' ? 3 : 2),
      )
    }
    return [size.lines.toLocaleString('en-US'), ...cells]
  })
  const markdown = [
    `Revocation on FoalTS (valid token, not on the list; ${connections} connections): req/s, p99, req/s ÷ the empty file (median of`,
    "each round's ratio); server CPU per request, and CPU with the empty file ÷ CPU with this one (likewise):",
    '',
    table(
      ['blacklist lines', 'jwt-hooks isInFile req/s', 'p99', '÷ empty', 'CPU/req', 'CPU: empty ÷ this', '@foal/jwt + isInFile req/s', 'p99', '÷ empty', 'CPU/req', 'CPU: empty ÷ this'],
      rows,
    ),
  ].join('\n')
  return {
    markdown,
    ratio1M: paired('hooks 1M', 'hooks empty', 'rps'),
    cpuRatio1M: 1 / paired('hooks 1M', 'hooks empty', 'cpuUs'),
  }
}

module.exports = { runRevocation, writeBlacklist }
