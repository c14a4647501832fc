import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ConfigError } from '../../src/config/config-error'
import { createDataSource } from '../../src/typeorm/data-source'

describe('ormconfig.json that is not JSON', () => {
  test('the error names the file and the position, never the text (it may hold the password)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-ormconfig-'))
    writeFileSync(join(cwd, 'ormconfig.json'), '{ "type": "postgres", "password": hunter2-secret }')
    let thrown: unknown
    try {
      createDataSource({ cwd })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as Error).message).toMatch(/^jwt-hooks: ormconfig\.json: invalid JSON: /)
    expect((thrown as Error).message).not.toContain('hunter2')
  })
})
