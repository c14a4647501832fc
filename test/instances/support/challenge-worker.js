// One process of the cross-process challenge test: node challenge-worker.js <redisUrl> <prefix> put|take <id>
const { createRedisStores } = require('../../../dist/stores/redis')

async function main() {
  const [url, keyPrefix, op, id] = process.argv.slice(2)
  const stores = createRedisStores({ url, keyPrefix })
  await stores.ready()
  const now = Date.now()
  try {
    if (op === 'put') {
      await stores.challenges.put({ id, publicKeyZ32: 'ed25519:test', caps: '', text: `sign in ${id}`, expiresAt: now + 60_000 }, now)
      process.stdout.write('put\n')
    } else {
      const found = await stores.challenges.take(id, now)
      process.stdout.write(found === undefined ? 'none\n' : `taken ${found.id} ${found.publicKeyZ32}\n`)
    }
  } finally {
    await stores.close()
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`)
  process.exit(1)
})
