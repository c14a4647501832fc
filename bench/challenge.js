'use strict'
// Section "challenge": public-key sign-ins per second, each one whole (issue + sign + verify +
// session), over HTTP (POST /auth/challenge, then /auth/challenge/verify) and over the WebSocket
// door (/ws/userauth, one connection per sign-in as Textile's client does), beside the password
// login (POST /auth/login) of the same server; then where a challenge sign-in's time goes.

const { generateKeyPairSync, sign } = require('node:crypto')
const { mkdirSync } = require('node:fs')
const { join } = require('node:path')

const WebSocket = require('ws')

const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const MAX_MS = 10 * 60_000
const PASSWORD = 'bench password of a decent length'

async function runChallenge({ secret, dir, log, seconds, rounds, connections }) {
  const cwd = join(dir, 'challenge')
  mkdirSync(cwd, { recursive: true })
  const env = { ...process.env, SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: secret, BENCH_PASSWORD: PASSWORD, NODE_ENV: 'production' }
  log(`challenge: HTTP, WebSocket and password sign-ins; ${rounds} rounds of ${seconds} s, ${connections} at once`)
  const server = await startServer(join(__dirname, 'challenge-server.js'), [], { cwd, env, maxMs: MAX_MS })
  const origin = `http://127.0.0.1:${server.port}`
  // One key per worker: each has at most one challenge waiting, far from the per-key bound.
  const keys = Array.from({ length: connections }, () => newKey())
  const kinds = { http: (key) => signInHttp(origin, key), ws: (key) => signInWs(origin, key), password: () => signInPassword(origin) }
  const samples = { http: [], ws: [], password: [] }
  try {
    for (const kind of Object.keys(kinds)) await load(kinds[kind], keys, 0.5, server.cpu)
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['password', 'ws', 'http'] : ['http', 'ws', 'password']
      for (const kind of order) samples[kind].push(await load(kinds[kind], keys, seconds, server.cpu))
    }
    const parts = await new Promise((resolve) => {
      server.child.once('message', (message) => resolve(message.parts))
      server.child.send({ cmd: 'profile', count: 300 })
    })
    return { markdown: report(samples, parts, connections), samples, parts }
  } catch (error) {
    throw new Error(`${error.message}\nserver: ${server.stderr()}`)
  } finally {
    await server.stop()
  }
}

function newKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKey: publicKey.export({ format: 'jwk' }).x }
}

/** `workers` loops of `signIn` for `seconds`: sign-ins per second and server CPU per sign-in (µs). */
async function load(signIn, keys, seconds, cpu) {
  const before = await cpu()
  const end = Date.now() + seconds * 1000
  let done = 0
  await Promise.all(keys.map(async (key) => {
    while (Date.now() < end) {
      await signIn(key)
      done += 1
    }
  }))
  const used = (await cpu()) - before
  return { perSecond: done / seconds, cpuUs: used / done }
}

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const answer = await response.json()
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

async function signInHttp(origin, key) {
  const { challenge } = await postJson(`${origin}/auth/challenge`, { publicKey: key.publicKey })
  const signature = sign(null, Buffer.from(challenge), key.privateKey).toString('base64url')
  await postJson(`${origin}/auth/challenge/verify`, { publicKey: key.publicKey, challenge, signature })
}

function signInWs(origin, key) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws/userauth`)
    socket.on('error', reject)
    socket.on('open', () => socket.send(JSON.stringify({ type: 'token', pubkey: key.publicKey })))
    socket.on('message', (data) => {
      const message = JSON.parse(String(data))
      if (message.type === 'challenge') {
        socket.send(JSON.stringify({ type: 'challenge', sig: sign(null, Buffer.from(message.value.data), key.privateKey).toJSON() }))
      } else if (message.type === 'token') {
        resolve()
      } else reject(new Error(`ws: ${JSON.stringify(message)}`))
    })
  })
}

function signInPassword(origin) {
  return postJson(`${origin}/auth/login`, { email: 'me@example.com', password: PASSWORD })
}

function report(samples, parts, connections) {
  const rate = (kind) => median(samples[kind].map((s) => s.perSecond))
  const cpu = (kind) => median(samples[kind].map((s) => s.cpuUs))
  const paired = (kind) => median(samples[kind].map((s, i) => s.perSecond / samples.password[i].perSecond))
  const rows = [
    ['challenge over HTTP (2 requests)', thousands(rate('http')), thousands(cpu('http')), fixed(paired('http'), 1)],
    ['challenge over WebSocket (1 connection)', thousands(rate('ws')), thousands(cpu('ws')), fixed(paired('ws'), 1)],
    ['password login (PBKDF2, 310,000 rounds)', thousands(rate('password')), thousands(cpu('password')), '1.0'],
  ]
  const total = Object.values(parts).reduce((a, b) => a + b, 0)
  const names = { parse: 'parsePublicKey (point checks)', text: 'createChallengeText', put: 'challenge store put (SQLite)', take: 'challenge store take (SQLite)', verify: 'Ed25519 verify', identity: 'KeyIdentity upsert (SQLite)', session: 'issueSession (SQLite + sign)' }
  const partRows = Object.entries(parts).map(([name, us]) => [names[name], fixed(us, 0), `${fixed((100 * us) / total, 0)}%`])
  return [
    `Public-key sign-ins, whole (issue + sign + verify + session; ${connections} at once; the client signs on the same machine): sign-ins/s,`,
    'server CPU per sign-in (µs), and the median of each round\'s ratio to the password login of the same server:',
    '',
    table(['sign-in', 'per second', 'server CPU µs', '÷ password login'], rows),
    '',
    'Where a challenge sign-in\'s server time goes (each step alone, in the server process, µs per call):',
    '',
    table(['step', 'µs', 'share'], partRows),
  ].join('\n')
}

module.exports = { runChallenge }
