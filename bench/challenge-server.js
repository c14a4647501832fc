'use strict'
// The demo app (dist/) for the challenge bench, in a process of its own and a directory of its own:
// sessions and challenges on the stores' SQLite DataSource, key identities beside the users, as
// `npm start` has them; the WebSocket door on the upgrade listener.
//   fork('bench/challenge-server.js', [maxMs]) → IPC { port } once listening on 127.0.0.1, then
//   { cpu } for each { cmd: 'cpu' } and { parts } for each { cmd: 'profile', count }.
// User: me@example.com with the password BENCH_PASSWORD.

const { generateKeyPairSync, sign } = require('node:crypto')
const { createServer } = require('node:http')
const { performance } = require('node:perf_hooks')

require('reflect-metadata')
const { Config, ServiceManager } = require('@foal/core')

const { createDemoApp } = require('../dist/demo/create-demo-app')
const { createChallengeText } = require('../dist/login/challenge/create-challenge-text')
const { createChallengeNonce } = require('../dist/login/challenge/create-challenge-nonce')
const { parsePublicKey } = require('../dist/login/identity/parse-public-key')
const { verifySignature } = require('../dist/login/identity/verify-signature')
const { createSignInStores } = require('../dist/login/key-sign-in/create-sign-in-stores')
const { createKeySignIn } = require('../dist/login/key-sign-in/key-sign-in')
const { recordKeyIdentity } = require('../dist/login/key-sign-in/record-key-identity')
const { TypeormSessionStore } = require('../dist/stores/typeorm/typeorm-session-store')
const { Sessions } = require('../dist/tokens/sessions')
const { createDataSource, createStoreDataSource } = require('../dist/typeorm/data-source')
const { User } = require('../dist/typeorm/user.entity')

const [maxMsText] = process.argv.slice(2)
let profile

async function main() {
  Config.set('settings.loggerFormat', 'none')
  const dataSource = createDataSource()
  await dataSource.initialize()
  const stores = createStoreDataSource()
  await stores.initialize()
  if ((await User.count()) === 0) {
    const user = User.create({ email: 'me@example.com' })
    await user.setPassword(process.env.BENCH_PASSWORD)
    await user.save()
  }
  const sessions = new Sessions({ store: new TypeormSessionStore(stores), sweepInterval: false })
  const { challenges, replayGuard } = createSignInStores(stores)
  const signIn = createKeySignIn({ trustHostHeader: true, challenges, replayGuard, identities: dataSource, sweepInterval: false })
  const app = await createDemoApp(new ServiceManager().set(Sessions, sessions), signIn)
  await sessions.ready()
  profile = (count) => profileParts({ count, challenges, sessions, dataSource })
  const server = createServer(app.handler)
  server.on('upgrade', app.upgrade)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server.address().port
}

/** Each step of one challenge sign-in, alone, `count` times: microseconds per step. */
async function profileParts({ count, challenges, sessions, dataSource }) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64url')
  const key = parsePublicKey(raw)
  const times = { parse: 0, text: 0, put: 0, take: 0, verify: 0, identity: 0, session: 0 }
  const timed = async (name, work) => {
    const at = performance.now()
    const value = await work()
    times[name] += performance.now() - at
    return value
  }
  const now = Date.now()
  for (let i = 0; i < count; i++) {
    await timed('parse', () => parsePublicKey(raw))
    const nonce = createChallengeNonce()
    const text = await timed('text', () => createChallengeText({ host: '127.0.0.1:3001', publicKeyZ32: key.z32, caps: '', nonce, expiresAt: now + 300_000 }))
    await timed('put', () => challenges.put({ id: nonce, publicKeyZ32: key.z32, caps: '', text, expiresAt: now + 300_000 }, now))
    await timed('take', () => challenges.take(nonce, now))
    const signature = sign(null, Buffer.from(text), privateKey)
    await timed('verify', () => verifySignature(key, text, signature))
    await timed('identity', () => recordKeyIdentity(dataSource, key.z32, new Date()))
    await timed('session', () => sessions.issueSession(key.z32))
  }
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, (ms * 1000) / count]))
}

process.on('disconnect', () => process.exit(0))
setTimeout(() => process.exit(0), Number(maxMsText))
process.on('message', (message) => {
  if (message?.cmd === 'cpu') {
    const { user, system } = process.cpuUsage()
    process.send({ cpu: user + system })
  }
  if (message?.cmd === 'profile') void profile(message.count).then((parts) => process.send({ parts }))
})

main()
  .then((port) => process.send({ port }))
  .catch((error) => {
    process.stderr.write(`challenge-server: ${error.stack}\n`)
    process.exit(1)
  })
