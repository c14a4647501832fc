import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { readTableInSlices } from './read-in-slices'
import { RevokedList } from './revoked-list'

const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-slices-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
const jwt = (i: number) => `${header}.${Buffer.from(`{"sub":"${i}"}`).toString('base64url')}.${randomBytes(32).toString('base64url')}`

/** The list read in slices from a file holding `text`, and the one built from the text at once. */
async function both(text: string): Promise<[RevokedList, RevokedList]> {
  const file = join(dir, `list-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(file, text)
  return [new RevokedList((await readTableInSlices(file, () => false))!), new RevokedList(text)]
}

describe('readTableInSlices', () => {
  test('answers as the list built at once: lines across 64 KB chunk ends, CRLF split between chunks, duplicates', async () => {
    const tokens = Array.from({ length: 5_000 }, (_, i) => jwt(i))
    // CRLF line ends; the 100th token twice; a text line with multibyte characters now and then.
    const lines = tokens.flatMap((token, i) => (i % 97 === 0 ? [token, `é-ü-€-${i}`] : [token]))
    const text = [...lines, tokens[100]].join('\r\n')
    const [sliced, atOnce] = await both(text)
    const asked = [...tokens, ...Array.from({ length: 500 }, (_, i) => jwt(i)), 'é-ü-€-97', 'é-ü-€-98']
    expect({ size: sliced.size, verdicts: asked.map((t) => sliced.has(t)) }).toStrictEqual({ size: atOnce.size, verdicts: asked.map((t) => atOnce.has(t)) })
    expect(sliced.size).toBe(5_000 + Math.ceil(5_000 / 97))
  })

  test('a line longer than a chunk, and a last line with no line break', async () => {
    const long = `${header}.${'A'.repeat(200_000)}.${randomBytes(32).toString('base64url')}`
    const last = jwt(1)
    const [sliced] = await both(`${jwt(0)}\n${long}\n${last}`)
    expect([sliced.has(long), sliced.has(last), sliced.size]).toStrictEqual([true, true, 3])
  })

  test('stopped between slices: nothing is built', async () => {
    const file = join(dir, 'stopped.txt')
    writeFileSync(file, Array.from({ length: 2_000 }, (_, i) => jwt(i)).join('\n'))
    expect(await readTableInSlices(file, () => true)).toBeUndefined()
  })

  test('a missing file is the read error', async () => {
    await expect(readTableInSlices(join(dir, 'missing.txt'), () => false)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
