import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { recordKeyIdentity } from '../../src/login/key-sign-in/record-key-identity'
import { createDataSource } from '../../src/typeorm/data-source'
import { runCli } from './support/run-cli'

let cwd: string
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-identities-'))
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const KEY_A = '8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo'
const KEY_B = 'yg4gxe7z1r7mr6orids9fh95y7gxhdsxjqi6nngsxxtakqaxr5no'

test('list-identities: key, created, last sign-in (ISO 8601), tab-separated, oldest first; none yet is said on stderr', async () => {
  expect(await runCli(['list-identities'], { cwd })).toStrictEqual({ code: 0, stdout: '', stderr: 'No key identities yet.\n' })
  const dataSource = createDataSource({ cwd })
  await dataSource.initialize()
  await recordKeyIdentity(dataSource, KEY_B, new Date('2030-01-01T00:00:00.000Z'))
  await recordKeyIdentity(dataSource, KEY_A, new Date('2030-01-02T00:00:00.000Z'))
  await recordKeyIdentity(dataSource, KEY_B, new Date('2030-01-03T12:30:00.000Z'))
  await dataSource.destroy()
  expect(await runCli(['list-identities'], { cwd })).toStrictEqual({
    code: 0,
    stdout: `${KEY_B}\t2030-01-01T00:00:00.000Z\t2030-01-03T12:30:00.000Z\n${KEY_A}\t2030-01-02T00:00:00.000Z\t2030-01-02T00:00:00.000Z\n`,
    stderr: '',
  })
})

test('list-identities takes no arguments', async () => {
  expect(await runCli(['list-identities', 'x'], { cwd })).toStrictEqual({ code: 2, stdout: '', stderr: expect.stringContaining('Usage: jwt-hooks list-identities') })
})
