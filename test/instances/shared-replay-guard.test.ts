import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { startDemoProcess, type DemoProcess } from '../demo/support/demo-process'
import { postgresFolder } from '../postgres/support/postgres-folder'
import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { SECRET } from './support/demo-instances'

// Two demo processes without Redis, on one database: the used Pubky AuthTokens are in it
// (TypeormReplayGuard, the auth_replay table), so a token accepted by one is a replay on the other.

const INVALID_CHALLENGE = { status: 401, body: { code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' } }

async function postToken(url: string, bytes: Uint8Array): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes) })
  const text = await response.text()
  return { status: response.status, body: text === '' ? text : JSON.parse(text) }
}

const DATABASES: { name: string; folder(): Promise<{ cwd: string; remove(): Promise<void> }> }[] = [
  {
    name: 'one SQLite file (the default ormconfig)',
    async folder() {
      const cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-replay-demos-'))
      writeFileSync(join(cwd, '.env'), `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=${SECRET}\n`)
      return { cwd, remove: async () => rmSync(cwd, { recursive: true, force: true }) }
    },
  },
  {
    name: 'one PostgreSQL database (migrations run by the demo)',
    async folder() {
      const folder = await postgresFolder('url')
      writeFileSync(join(folder.cwd, '.env'), `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=${SECRET}\n`)
      return { cwd: folder.cwd, remove: () => folder.remove() }
    },
  },
]

describe.each(DATABASES)('a Pubky AuthToken accepted by one demo is a replay on the other, without Redis: $name', (database) => {
  let folder: { cwd: string; remove(): Promise<void> }
  let demos: DemoProcess[] = []
  let urls: string[]
  beforeAll(async () => {
    folder = await database.folder()
    // One after the other: the first makes the tables and the demo user.
    demos.push(startDemoProcess(folder.cwd))
    urls = [await demos[0].url()]
    demos.push(startDemoProcess(folder.cwd))
    urls.push(await demos[1].url())
  }, 60_000)
  afterAll(async () => {
    await Promise.all(demos.map((demo) => demo.stop()))
    demos = []
    await folder?.remove()
  })

  test('accepted on A: 200; the same bytes on B, then on A: 401 invalid_challenge', async () => {
    // The demo processes run on the real clock: a token signed now is inside Pubky's window.
    const bytes = buildAuthToken(newSigner(), { timestamp: BigInt(Date.now()) * 1000n })
    const [a, b] = urls
    const accepted = await postToken(a, bytes)
    expect({ accepted: accepted.status, b: await postToken(b, bytes), a: await postToken(a, bytes) }).toStrictEqual({ accepted: 200, b: INVALID_CHALLENGE, a: INVALID_CHALLENGE })
  })

  test('20 parallel uses of one AuthToken spread over both: exactly one 200, 19 invalid_challenge', async () => {
    const bytes = buildAuthToken(newSigner(), { timestamp: BigInt(Date.now()) * 1000n })
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => postToken(urls[i % 2], bytes)))
    const refused = replies.filter((reply) => reply.status !== 200)
    expect({ ok: replies.length - refused.length, refused: refused.filter((reply) => JSON.stringify(reply) === JSON.stringify(INVALID_CHALLENGE)).length }).toStrictEqual({ ok: 1, refused: 19 })
  })
})
