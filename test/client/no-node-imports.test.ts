import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { CLIENT_SOURCES, compileClient } from './support/compile-client'

describe('jwt-hooks/client has no Node-only import: it compiles with lib ["ES2022", "DOM"] and no @types/node', () => {
  test('src/client compiles cleanly for a browser', async () => {
    const compiled = await compileClient('es2020')
    compiled.remove()
    expect(compiled.diagnostics).toStrictEqual([])
  }, 60_000)

  test('the check can fail: src/client with one file using node:http, Buffer and process does not compile', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'jwt-hooks-node-only-'))
    try {
      cpSync(CLIENT_SOURCES, copy, { recursive: true })
      writeFileSync(join(copy, 'uses-node.ts'), "import { createServer } from 'node:http'\nexport const bytes = Buffer.from(String(createServer))\nexport const pid = process.pid\n")
      appendFileSync(join(copy, 'index.ts'), "export * from './uses-node'\n")
      const compiled = await compileClient('es2020', copy)
      compiled.remove()
      // Cannot find module 'node:http'; cannot find name 'Buffer', nor 'process' (install @types/node).
      expect(compiled.diagnostics.map((line) => line.replace(/^.*[/\\](\S+)\(\d+,\d+\): error (TS\d+).*$/, '$1 $2'))).toStrictEqual([
        'uses-node.ts TS2307',
        'uses-node.ts TS2591',
        'uses-node.ts TS2591',
      ])
    } finally {
      rmSync(copy, { recursive: true, force: true })
    }
  }, 60_000)

  test('compiled, it exports exactly its names and requires nothing but its own files', async () => {
    const compiled = await compileClient('commonjs')
    try {
      expect(compiled.diagnostics).toStrictEqual([])
      const script = `
        const client = require(${JSON.stringify(join(compiled.outDir, 'index.js'))})
        const foreign = Object.keys(require.cache).filter((file) => !file.startsWith(${JSON.stringify(compiled.outDir + '/')}))
        console.log(JSON.stringify({ names: Object.keys(client).sort(), foreign }))`
      expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toStrictEqual({
        names: ['TokenRefreshError', 'createTokenManager', 'parseRefreshResponse'],
        foreign: [],
      })
    } finally {
      compiled.remove()
    }
  }, 60_000)
})
