import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { compile } from '../adapters/support/built-package'
import { startDemoProcess, type DemoProcess } from '../demo/support/demo-process'
import { get } from '../login/support/request'

const ROOT = resolve(__dirname, '../..')
const PAGE = join(ROOT, 'src/demo/page')
const PAGE_FILES = { '/': 'index.html', '/app.js': 'app.js', '/style.css': 'style.css', '/favicon.svg': 'favicon.svg' }

let base: string
let packed: string[]
let demo: DemoProcess | undefined

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-packed-page-')))
  const packageDir = join(base, 'build')
  mkdirSync(packageDir)
  for (const file of ['package.json', 'README.md']) copyFileSync(join(ROOT, file), join(packageDir, file))
  // What `npm run build` makes: tsc, then the page's files copied beside the built demo.
  compile(join(packageDir, 'dist'))
  const [{ filename, files }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', base], { cwd: packageDir, encoding: 'utf8' }))
  packed = (files as { path: string }[]).map(({ path }) => path)
  // The tarball unpacked where nothing of the checkout is beside it (its src/ least of all).
  execFileSync('tar', ['-xzf', join(base, filename), '-C', base])
  symlinkSync(join(ROOT, 'node_modules'), join(base, 'package/node_modules'), 'dir')
  mkdirSync(join(base, 'app'))
}, 120_000)
afterEach(async () => {
  await demo?.stop()
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('the demo page in the packed package: npm run build copies src/demo/page into dist', () => {
  test('the tarball holds dist/demo/page/index.html, app.js, style.css and favicon.svg', () => {
    expect(packed.filter((path) => path.startsWith('dist/demo/page/')).sort()).toStrictEqual([
      'dist/demo/page/app.js',
      'dist/demo/page/favicon.svg',
      'dist/demo/page/index.html',
      'dist/demo/page/style.css',
    ])
  })

  test('the demo of the unpacked tarball serves each file as it is in src/demo/page, with the page headers', async () => {
    demo = startDemoProcess(join(base, 'app'), { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a secret of the packed demo', SETTINGS_JWT_COOKIE: 'true' }, join(base, 'package/dist/demo/main.js'))
    const url = await demo.url()
    for (const [path, name] of Object.entries(PAGE_FILES)) {
      const reply = await get(`${url}${path}`)
      expect({ path, status: reply.status, body: reply.body, csp: reply.headers['content-security-policy'] }).toStrictEqual({
        path,
        status: 200,
        body: readFileSync(join(PAGE, name), 'utf8'),
        csp: "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      })
    }
  }, 60_000)
})
