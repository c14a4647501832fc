import { PrivateKey } from '@textile/crypto'
import { decode } from 'jsonwebtoken'

import { launchChromium, type TestBrowser } from '../support/browser'
import { useKeySignInServer, z32Of } from './support/key-sign-in-server'

// The WebSocket door from Chromium's own WebSocket, with the steps and messages of the Textile
// Hub example's loginWithChallenge (textileio/js-examples, hub-browser-auth-app/src/client/index.ts).
// The identity stays in the test process (a @textile/crypto PrivateKey): the page asks it to sign
// through an exposed function, as the example's page asked its identity object.

const server = useKeySignInServer()
let chromium: TestBrowser

beforeAll(async () => {
  chromium = await launchChromium()
}, 90_000)

afterAll(async () => {
  await chromium?.close()
})

test("a page's WebSocket to /ws/userAuth signs in and receives TOKENS of the identity's key", async () => {
  const identity = PrivateKey.fromRandom()
  const page = await chromium.context.newPage()
  await page.exposeFunction('signChallenge', async (bytes: number[]) => Array.from(await identity.sign(Uint8Array.from(bytes))))
  await page.goto(`${server.url}/`)
  const value = await page.evaluate(`new Promise((resolve, reject) => {
    const socket = new WebSocket('ws://' + location.host + '/ws/userAuth')
    socket.onopen = () => {
      socket.send(JSON.stringify({ pubkey: ${JSON.stringify(identity.public.toString())}, type: 'token' }))
      socket.onmessage = async (event) => {
        const data = JSON.parse(event.data)
        switch (data.type) {
          case 'error': reject(data.value); break
          case 'challenge': {
            const signed = await window.signChallenge(data.value.data)
            // A Buffer's toJSON(), which the example's Buffer polyfill wrote.
            socket.send(JSON.stringify({ type: 'challenge', sig: { type: 'Buffer', data: signed } }))
            break
          }
          case 'token': resolve(data.value); break
        }
      }
    }
  })`)
  const tokens = value as Record<string, string>
  const claims = decode(tokens.accessToken) as Record<string, unknown>
  expect(tokens).toStrictEqual({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date((claims.exp as number) * 1000).toISOString(), token: tokens.accessToken })
  expect(claims.sub).toBe(z32Of(identity.public.pubKey))
  await page.close()
})
