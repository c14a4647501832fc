import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format } from 'node:util'

import { compileClient, type CompiledClient } from './support/compile-client'
import { RefreshServer } from './support/refresh-server'
import { expiredTokens } from './support/tokens'

// The Node example of the README's client section, as written there but for its API origin.
const NODE_EXAMPLE = `
import { readFileSync, writeFileSync } from 'node:fs'
import { createTokenManager } from 'jwt-hooks/client'

const API = 'https://api.example.com'
const manager = createTokenManager({
  refreshUrl: \`\${API}/auth/refresh\`,
  tokens: JSON.parse(readFileSync('tokens.json', 'utf8')), // a login's answer, as the app keeps it
  // Each refresh spends the refresh token: keep the new one, or the next run is signed out.
  onTokenRefresh: (tokens) => writeFileSync('tokens.json', JSON.stringify(tokens)),
  onRefreshError: (error) => console.error(\`refresh failed: \${error.code}\`),
})

const response = await manager.fetch(\`\${API}/api/me\`)
console.log(response.status, await response.json())
manager.stop()
`

test('the README shows this Node example as written here', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8')
  expect(readme).toContain(NODE_EXAMPLE.trim())
})

describe('the README examples of jwt-hooks/client', () => {
  let compiled: CompiledClient
  let server: RefreshServer
  let consumer: string

  beforeAll(async () => {
    compiled = await compileClient('commonjs')
    if (compiled.diagnostics.length > 0) throw new Error(compiled.diagnostics.join('\n'))
    // A consumer where jwt-hooks is installed with the `./client` entry of its exports map.
    consumer = mkdtempSync(join(tmpdir(), 'jwt-hooks-client-consumer-'))
    const pkg = join(consumer, 'node_modules/jwt-hooks')
    mkdirSync(join(pkg, 'dist'), { recursive: true })
    cpSync(compiled.outDir, join(pkg, 'dist/client'), { recursive: true })
    const exports = { './client': { types: './dist/client/index.d.ts', default: './dist/client/index.js' } }
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'jwt-hooks', version: '0.0.0', exports }))
  }, 60_000)
  afterAll(() => {
    compiled?.remove()
    rmSync(consumer, { recursive: true, force: true })
  })
  beforeEach(async () => {
    server = await new RefreshServer().start()
  })
  afterEach(() => server.close())

  test('Node (an ES module importing the CommonJS build): refreshed, the new tokens kept, the API called', async () => {
    const tokens = expiredTokens(server)
    writeFileSync(join(consumer, 'tokens.json'), JSON.stringify(tokens))
    writeFileSync(join(consumer, 'example.mjs'), NODE_EXAMPLE.replace('https://api.example.com', server.origin))
    const output = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, ['example.mjs'], { cwd: consumer, timeout: 20_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr }),
      )
    })
    const fresh = server.lastIssued!
    const me = { sub: 'user-1', method: 'GET', authorization: `Bearer ${fresh.accessToken}`, xApp: null, contentType: null, body: '' }
    expect(output).toStrictEqual({ stdout: `${format(200, me)}\n`, stderr: '' })
    expect(JSON.parse(readFileSync(join(consumer, 'tokens.json'), 'utf8'))).toStrictEqual(fresh)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  })
})
