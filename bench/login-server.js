'use strict'
// The demo app (dist/) for the login-storm bench, in a process of its own, in a directory of its
// own (its SQLite file, its blacklist; never the checkout's .env or config/).
//   fork('bench/login-server.js', [hashing, maxMs]) → IPC { port } once listening on 127.0.0.1.
// hashing: 'bounded' (the HashingQueue as shipped) or 'unbounded' (no limit: every login hashes
// at once, as before the queue). Users: me@example.com and storm0..storm19@example.com, created
// when the database has none; the passwords are BENCH_PASSWORD with the index.

const { createServer } = require('node:http')

require('reflect-metadata')
const { Config, ServiceManager } = require('@foal/core')

const { createDemoApp } = require('../dist/demo/create-demo-app')
const { HashingQueue } = require('../dist/login/hashing-queue.service')
const { createDataSource } = require('../dist/typeorm/data-source')
const { User } = require('../dist/typeorm/user.entity')

const [hashing, maxMsText] = process.argv.slice(2)
const STORM_ACCOUNTS = 20

async function main() {
  Config.set('settings.loggerFormat', 'none')
  const dataSource = createDataSource()
  await dataSource.initialize()
  if ((await User.count()) === 0) {
    for (const [i, email] of ['me@example.com', ...Array.from({ length: STORM_ACCOUNTS }, (_, n) => `storm${n}@example.com`)].entries()) {
      const user = User.create({ email })
      await user.setPassword(`${process.env.BENCH_PASSWORD}${i}`)
      await user.save()
    }
  }
  const services = new ServiceManager()
  if (hashing === 'unbounded') services.get(HashingQueue).concurrency = Infinity
  const app = await createDemoApp(services)
  const server = createServer(app.handler)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server.address().port
}

process.on('disconnect', () => process.exit(0))
setTimeout(() => process.exit(0), Number(maxMsText))
process.on('message', (message) => {
  if (message?.cmd !== 'cpu') return
  const { user, system } = process.cpuUsage()
  process.send({ cpu: user + system })
})

main()
  .then((port) => process.send({ port }))
  .catch((error) => {
    process.stderr.write(`login-server ${hashing}: ${error.stack}\n`)
    process.exit(1)
  })
