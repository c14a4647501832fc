import { appendFileSync, mkdtempSync, renameSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { randomBytes } from 'node:crypto'

import { decode } from 'jsonwebtoken'

import { isInFile, type FileBlackList } from '../../src/blacklist/is-in-file'
import { foalDoor } from '../conformance/doors/foal.door'
import type { Running } from '../conformance/routes'
import { send, type Answer } from '../support/http'
import { SECRET, KEY_KINDS, tokenFor } from '../support/keys'
import { REVOKED, ok } from '../support/answers'
import { until } from '../security/support/eventually'

// The blacklist file is changed under a running FoalTS server the way files really change:
// deleted, truncated, replaced by rename, swapped for something unreadable, grown to 1M lines.
// The server keeps answering, never with a 5xx, and the list follows the file.

const HS = KEY_KINDS[0]
const [A, B, C] = ['a', 'b', 'c'].map((jti) => tokenFor(HS, { sub: '1', jti }))
const OK = (token: string): Answer => ok(decode(token))

let server: Running | undefined
let blackList: FileBlackList | undefined
afterEach(async () => {
  blackList?.close()
  await server?.close()
  jest.restoreAllMocks()
})

/** A server whose one route reads a fresh blacklist file holding `lines`. */
async function serve(text: string): Promise<{ file: string; dir: string; ask: (token: string) => Promise<Answer> }> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-blacklist-'))
  const file = join(dir, 'blacklist.txt')
  writeFileSync(file, text)
  blackList = isInFile(file)
  server = await foalDoor.start([{ path: '/me', mode: 'required', options: { secretOrPublicKey: SECRET, blackList } }])
  const url = `${server.url}/me`
  return { file, dir, ask: (token) => send(url, { authorization: `Bearer ${token}` }) }
}

/** The answers that are none of `allowed`: [] when every one was allowed. */
function outside(answers: Answer[], allowed: Answer[]): Answer[] {
  const known = new Set(allowed.map((answer) => JSON.stringify(answer)))
  return answers.filter((answer) => !known.has(JSON.stringify(answer)))
}

function replace(file: string, text: string): void {
  writeFileSync(`${file}.next`, text)
  renameSync(`${file}.next`, file)
}

test('deleted while serving: an empty list, said once and naming only the file; listed again once it is back', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  const { file, ask } = await serve(`${A}\n`)
  expect(await ask(A)).toStrictEqual(REVOKED)
  unlinkSync(file)
  const whileMissing = await until(() => ask(A), (answer) => answer.status === 200)
  writeFileSync(file, `${A}\n`)
  const whenBack = await until(() => ask(A), (answer) => answer.status === 401)
  expect({ whileMissing: outside(whileMissing, [REVOKED, OK(A)]), last: whenBack.at(-1), logged: warn.mock.calls }).toStrictEqual({
    whileMissing: [],
    last: REVOKED,
    logged: [['jwt-hooks: blacklist file blacklist.txt not found; no token is revoked until it exists']],
  })
})

test('truncated while serving: the lines cut off are no longer revoked, a half line revokes nothing', async () => {
  const { file, ask } = await serve(`${A}\n${B}\n`)
  expect([await ask(A), await ask(B)]).toStrictEqual([REVOKED, REVOKED])
  truncateSync(file, A.length + 1 + Math.floor(B.length / 2))
  await until(() => ask(B), (answer) => answer.status === 200)
  expect([await ask(A), await ask(B)]).toStrictEqual([REVOKED, OK(B)])
  truncateSync(file, 0)
  await until(() => ask(A), (answer) => answer.status === 200)
  expect([await ask(A), await ask(B)]).toStrictEqual([OK(A), OK(B)])
})

test('replaced by write-then-rename under traffic: a listed token is never let in during the swap', async () => {
  const { file, ask } = await serve(`${A}\n`)
  const answers: { token: string; answer: Answer }[] = []
  let running = true
  const clients = Array.from({ length: 8 }, async (_, i) => {
    while (running) {
      const token = i % 2 === 0 ? A : C
      answers.push({ token, answer: await ask(token) })
    }
  })
  await until(async () => answers.length, (count) => count >= 32)
  replace(file, `${A}\n${C}\n`)
  await until(async () => answers.filter((a) => a.token === C).at(-1)?.answer, (answer) => answer?.status === 401)
  running = false
  await Promise.all(clients)
  const forA = answers.filter((a) => a.token === A).map((a) => a.answer)
  const forC = answers.filter((a) => a.token === C).map((a) => a.answer)
  const firstRevoked = forC.findIndex((answer) => answer.status === 401)
  // Before the swap C is let in; once revoked it stays revoked; A is revoked throughout.
  expect({
    a: outside(forA, [REVOKED]),
    cBefore: outside(forC.slice(0, firstRevoked), [OK(C)]),
    cAfter: outside(forC.slice(firstRevoked), [REVOKED]),
    cWasLetInFirst: firstRevoked > 0,
  }).toStrictEqual({ a: [], cBefore: [], cAfter: [], cWasLetInFirst: true })
})

test.each([
  ['a link to a directory', 'EISDIR', (file: string, dir: string) => symlinkSync(dir, `${file}.link`)],
  ['a link to itself', 'ELOOP', (file: string) => symlinkSync(file, `${file}.link`)],
])('replaced by %s: no crash, the last list stays in force, said once; a real file after it is read', async (_what, code, link) => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  const { file, dir, ask } = await serve(`${A}\n`)
  link(file, dir)
  renameSync(`${file}.link`, file)
  await until(async () => warn.mock.calls.length, (calls) => calls > 0)
  expect({ a: await ask(A), b: await ask(B), logged: warn.mock.calls }).toStrictEqual({
    a: REVOKED,
    b: OK(B),
    logged: [[`jwt-hooks: blacklist file blacklist.txt could not be read (${code}); the last list stays in force`]],
  })
  replace(file, `${B}\n`)
  await until(() => ask(B), (answer) => answer.status === 401)
  expect([await ask(A), await ask(B)]).toStrictEqual([OK(A), REVOKED])
})

test('a path that exists but cannot be read fails at startup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-blacklist-'))
  expect(() => isInFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }))
})

test('1M lines: read at startup and again when it grows, while the server keeps answering', async () => {
  const lines = Array.from({ length: 1_000_000 }, (_, i) => `revoked-${i.toString(16).padStart(24, '0')}`)
  const { file, ask } = await serve(`${lines.join('\n')}\n${A}\n`)
  expect([await ask(A), await ask(B)]).toStrictEqual([REVOKED, OK(B)])
  appendFileSync(file, `${B}\n`)
  const seen = await until(() => ask(B), (answer) => answer.status === 401, 20_000)
  expect({ seen: outside(seen, [OK(B), REVOKED]), last: seen.at(-1), a: await ask(A) }).toStrictEqual({
    seen: [],
    last: REVOKED,
    a: REVOKED,
  })
})

describe('a large blacklist reload does not stall the server: the old list answers until the new one is complete', () => {
  // 300,000 lines shaped like signed JWTs (what a real blacklist holds), about 30 MB.
  const LINES = 300_000
  const signatures = randomBytes(32 * LINES)
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
  const filler = Array.from({ length: LINES }, (_, i) => `${header}.${Buffer.from(`{"sub":"${i}"}`).toString('base64url')}.${signatures.toString('base64url', 32 * i, 32 * i + 32)}`).join('\n')
  // Whether file system work (the reload's reads, opens, closes) is in flight at this turn.
  const readingFiles = () => process.getActiveResourcesInfo().some((kind) => kind.startsWith('FSReq') || kind === 'FileHandle')

  test('each turn of the event loop sees the old verdicts, the loop keeps turning after the file is read, then the new verdicts apply at once', async () => {
    const { file, ask } = await serve(`${filler}\n${A}\n`)
    expect([await ask(A), await ask(B)]).toStrictEqual([REVOKED, OK(B)])
    const list = blackList!
    const verdict = () => (list(A) && !list(B) ? 'old' : !list(A) && list(B) ? 'new' : 'mixed')
    // One sample per turn of the event loop, from the replacement until the new list answers.
    const samples = await new Promise<{ verdict: string; reading: boolean }[]>((resolve, reject) => {
      const seen: { verdict: string; reading: boolean }[] = []
      const bound = setTimeout(() => reject(new Error(`the new list never applied: ${seen.length} turns`)), 60_000)
      const turn = () => {
        seen.push({ verdict: verdict(), reading: readingFiles() })
        if (seen.at(-1)!.verdict === 'old') return void setImmediate(turn)
        clearTimeout(bound)
        resolve(seen)
      }
      replace(file, `${filler}\n${B}\n`)
      setImmediate(turn)
    })
    const old = samples.slice(0, -1)
    // Parsed in one go, the whole list is built in the turn its read ends: no turn between the
    // last read and the new list. Built in slices, the loop turns while the table fills.
    const turnsAfterTheLastRead = old.length - 1 - old.map((s) => s.reading).lastIndexOf(true)
    expect({
      verdicts: [...new Set(old.map((s) => s.verdict))],
      last: samples.at(-1)!.verdict,
      turnsAfterTheLastRead: turnsAfterTheLastRead >= LINES / 100_000 ? 'several' : turnsAfterTheLastRead,
      http: [await ask(A), await ask(B)],
    }).toStrictEqual({ verdicts: ['old'], last: 'new', turnsAfterTheLastRead: 'several', http: [OK(A), REVOKED] })
  }, 120_000)
})
