import { buildPackage, runNode, type BuiltPackage } from './support/built-package'

// Nothing imports adapters/, and a door names its framework by `import type` only: requiring
// one subpath loads no framework at all (not even FoalTS), and the root loads none beyond what
// @foal/core itself needs (express, and cookie-parser for its createApp).
const FRAMEWORKS = ['@foal/core', 'express', 'express4', 'koa', 'fastify', '@fastify/cookie', 'cookie-parser']

/**
 * Requires one entry point in a fresh process and reports, from require.cache, which
 * frameworks were loaded at all, and which of them one of our own files required itself.
 */
function loadedBy(built: BuiltPackage, entry: string): { loaded: string[]; requiredByUs: string[] } {
  const script = `
    require(${JSON.stringify(entry)})
    const packageOf = (file) => {
      const parts = file.split('/node_modules/')
      if (parts.length === 1) return null
      const segments = parts[parts.length - 1].split('/')
      return segments[0].startsWith('@') ? segments[0] + '/' + segments[1] : segments[0]
    }
    const ours = (file) => packageOf(file) === null
    const frameworks = new Set(${JSON.stringify(FRAMEWORKS)})
    const loaded = new Set()
    const requiredByUs = new Set()
    for (const [file, mod] of Object.entries(require.cache)) {
      const name = packageOf(file)
      if (frameworks.has(name)) loaded.add(name)
      if (!ours(file)) continue
      for (const child of mod.children) {
        if (frameworks.has(packageOf(child.filename))) requiredByUs.add(packageOf(child.filename))
      }
    }
    console.log(JSON.stringify({ loaded: [...loaded].sort(), requiredByUs: [...requiredByUs].sort() }))
  `
  return JSON.parse(runNode(built, script))
}

let built: BuiltPackage
beforeAll(() => {
  built = buildPackage()
}, 120_000)
afterAll(() => built?.remove())

describe('require.cache after requiring one entry point of the built package', () => {
  test.each(['jwt-hooks/express', 'jwt-hooks/koa', 'jwt-hooks/fastify', 'jwt-hooks/http'])('%s loads no framework', (entry) => {
    expect(loadedBy(built, entry)).toStrictEqual({ loaded: [], requiredByUs: [] })
  })

  test('jwt-hooks/core loads no framework, no TypeORM, no database driver, no configuration layer: only core files of ours', () => {
    const script = `
      require('jwt-hooks/core')
      const files = Object.keys(require.cache)
      const packages = new Set(files.filter((file) => file.includes('/node_modules/')).map((file) => {
        const segments = file.split('/node_modules/').pop().split('/')
        return segments[0].startsWith('@') ? segments[0] + '/' + segments[1] : segments[0]
      }))
      const ours = files.filter((file) => !file.includes('/node_modules/')).map((file) => file.slice(file.indexOf('/dist/') + 1))
      console.log(JSON.stringify({ packages: [...packages].sort(), outsideCore: ours.filter((file) => !file.startsWith('dist/core/')) }))
    `
    const { packages, outsideCore } = JSON.parse(runNode(built, script)) as { packages: string[]; outsideCore: string[] }
    const heavy = ['@foal/core', 'typeorm', 'sqlite3', 'pg', 'ioredis', 'reflect-metadata', 'class-validator', 'class-transformer', 'yaml', 'yamljs', ...FRAMEWORKS]
    expect({ heavy: packages.filter((name) => heavy.includes(name)), outsideCore }).toStrictEqual({ heavy: [], outsideCore: [] })
  })

  // requiredByUs is not empty here: the probe does see what our own files require.
  test('jwt-hooks requires @foal/core itself; express and cookie-parser come only through it; no koa or fastify', () => {
    expect(loadedBy(built, 'jwt-hooks')).toStrictEqual({
      loaded: ['@foal/core', 'cookie-parser', 'express'],
      requiredByUs: ['@foal/core'],
    })
  })
})
