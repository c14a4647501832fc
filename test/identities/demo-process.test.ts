import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { AuthFlowKind, Keypair, Pubky } from '@synonymdev/pubky'
import { PrivateKey } from '@textile/crypto'

import { runCli } from '../cli/support/run-cli'
import { startDemoProcess, type DemoProcess } from '../demo/support/demo-process'
import { post } from '../login/support/request'
import { SECRET } from '../support/keys'
import { signWithSeed, z32Of } from './support/key-sign-in-server'
import { loginWithChallenge } from './support/textile-client'

// npm start (node dist/demo/main.js) as a process of its own: the three public-key sign-ins
// against it and nothing else, challenges in its SQLite file, identities beside the users.

let cwd: string
let demo: DemoProcess

beforeAll(() => {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-demo-keys-')))
  demo = startDemoProcess(cwd, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET })
})
afterAll(async () => {
  await demo.stop()
  rmSync(cwd, { recursive: true, force: true })
})

test('HTTP challenge (Pubky key), WebSocket (Textile identity) and the Pubky AuthToken flow through its relay all sign in; list-identities shows the three keys', async () => {
  const url = await demo.url()
  const keypair = Keypair.random()
  const { challenge } = (await post(`${url}/auth/challenge`, { body: { publicKey: keypair.publicKey.toString() } })).body as { challenge: string }
  const verified = await post(`${url}/auth/challenge/verify`, { body: { publicKey: keypair.publicKey.z32(), challenge, signature: signWithSeed(keypair.secret(), challenge).toString('hex') } })
  expect(verified.status).toBe(200)

  const identity = PrivateKey.fromRandom()
  await expect(loginWithChallenge(url, identity)).resolves.toHaveProperty('accessToken')

  const pubky = new Pubky()
  const flow = pubky.startAuthFlow('/pub/demo/:rw' as never, AuthFlowKind.signin(), `${url}/link`)
  const signer = Keypair.random()
  await pubky.signer(signer).approveAuthRequest(flow.authorizationUrl)
  const token = await flow.awaitToken()
  const response = await fetch(`${url}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(token.toBytes()) })
  expect(response.status).toBe(200)

  const listed = await runCli(['list-identities'], { cwd, env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET } })
  const keys = listed.stdout.trim().split('\n').map((line) => line.split('\t')[0]).sort()
  expect({ code: listed.code, keys }).toStrictEqual({ code: 0, keys: [keypair.publicKey.z32(), signer.publicKey.z32(), z32Of(identity.public.pubKey)].sort() })
})
