'use strict'
// A separate process on the stores' database, for the cross-process tests. Reads one JSON job
// from the JOB environment variable, opens the compiled stores (STORES_DIR), prints "ready",
// waits for "go" on stdin, runs the job and prints its result as one JSON line.
//   { db, op: 'rotate', hash, count, now }          → { outcomes: [...] }
//   { db, op: 'revoke', sids, concurrency, now }    → { revoked: n }
//   { db, op: 'poll', now }  polls until "stop" on stdin, then once more → { seen: [...], polls, batches }
//     (batches: the polls that found something)
require('reflect-metadata')
const { randomBytes } = require('node:crypto')
const { createInterface } = require('node:readline')
const { DataSource } = require('typeorm')

const { STORE_ENTITIES, TypeormSessionStore } = require(`${process.env.STORES_DIR}/typeorm`)

const job = JSON.parse(process.env.JOB)
const lines = createInterface({ input: process.stdin })
const said = (word) => new Promise((resolve) => lines.on('line', (line) => line.trim() === word && resolve()))

async function main() {
  const dataSource = new DataSource({ ...job.db, entities: STORE_ENTITIES, synchronize: false })
  await dataSource.initialize()
  const store = new TypeormSessionStore(dataSource)
  const go = said('go')
  process.stdout.write('ready\n')
  await go
  const result = await run(store)
  await dataSource.destroy()
  process.stdout.write(`${JSON.stringify(result)}\n`)
  lines.close()
}

async function run(store) {
  if (job.op === 'rotate') {
    const rotations = Array.from({ length: job.count }, () => store.rotate(job.hash, { nextHash: randomBytes(32).toString('base64url'), accessExpiresAt: job.now + 1 }, job.now))
    return { outcomes: (await Promise.all(rotations)).map((r) => r.outcome) }
  }
  if (job.op === 'revoke') {
    const queue = [...job.sids]
    let revoked = 0
    const lane = async () => {
      for (let sid = queue.shift(); sid !== undefined; sid = queue.shift()) if (await store.revoke(sid, job.now)) revoked += 1
    }
    await Promise.all(Array.from({ length: job.concurrency }, lane))
    return { revoked }
  }
  if (job.op === 'poll') {
    let stop = false
    said('stop').then(() => (stop = true))
    const seen = []
    let cursor
    let polls = 0
    let batches = 0
    const poll = async () => {
      for (let more = true; more; polls++) {
        const page = await store.revocationsSince(cursor, job.now)
        for (const { sid } of page.revoked) seen.push(sid)
        if (page.revoked.length > 0) batches += 1
        ;({ cursor, more } = page)
      }
    }
    while (!stop) await poll()
    await poll()
    return { seen, polls, batches }
  }
  throw new Error(`unknown op ${job.op}`)
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exit(1)
})
