import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { sign } from 'jsonwebtoken'

import { BAD_SIGNATURE, NO_HEADER, ok } from '../support/answers'
import { send } from '../support/http'
import { installPackedBesideExpress, type ExpressOnlyConsumer } from './support/express-only-consumer'

// What an Express user gets from `npm install jwt-hooks express`: the packed package, its two
// dependencies, Express, and none of the FoalTS and TypeORM parts (optional peers, left out).
const OPTIONAL_PEERS = ['@foal/core', 'class-transformer', 'class-validator', 'reflect-metadata', 'sqlite3', 'typeorm', 'yamljs']
const RANGES = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).peerDependencies as Record<string, string>
const ROOT_PEERS = ['@foal/core', 'typeorm', 'reflect-metadata', 'class-validator', 'class-transformer']
const SECRET = 'a-consumer-secret-of-at-least-thirty-two-bytes'
// Time from data: issued in 2023, expiring in 2100.
const claims = { sub: '42', iat: 1_700_000_000, exp: 4_102_444_800 }

let consumer: ExpressOnlyConsumer
beforeAll(() => {
  consumer = installPackedBesideExpress()
}, 240_000)
afterAll(() => consumer?.remove())

/** Runs a script with node in the consumer folder; answers its exit code and output. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, args, { cwd: consumer.dir, env: consumer.env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

const missing = (part: string, names: string[]) =>
  `jwt-hooks: ${part} needs ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}, which are not installed: npm install ${names.map((name) => `${name}@${RANGES[name]}`).join(' ')}`

describe('pay for what you use: the packed package installed beside Express alone', () => {
  test('npm installs the tarball and its two dependencies, and none of the FoalTS and TypeORM packages', () => {
    expect(consumer.after).toStrictEqual([...consumer.before, 'jwt-hooks'].sort())
    expect(consumer.after.filter((name) => OPTIONAL_PEERS.includes(name))).toStrictEqual([])
    const installed = JSON.parse(readFileSync(join(consumer.dir, 'node_modules/jwt-hooks/package.json'), 'utf8'))
    expect(Object.keys(installed.dependencies).sort()).toStrictEqual(['jsonwebtoken', 'yaml'])
  })

  test('jwt-hooks/express protects a route over real HTTP: no header 400, a bad signature 401, a valid token 200', async () => {
    const script = `
      const express = require('express')
      const { jwtRequired } = require('jwt-hooks/express')
      const app = express()
      app.get('/me', jwtRequired({ secretOrPublicKey: process.env.SECRET }), (req, res) => res.json({ user: req.user }))
      const server = app.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port))
    `
    const child = spawn(process.execPath, ['-e', script], { cwd: consumer.dir, env: { ...consumer.env, SECRET }, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise((done) => child.once('exit', done))
    try {
      const url = await firstLine(child)
      expect(await send(`${url}/me`)).toStrictEqual(NO_HEADER)
      expect(await send(`${url}/me`, { authorization: `Bearer ${sign(claims, 'another-secret-of-at-least-thirty-two-bytes')}` })).toStrictEqual(BAD_SIGNATURE)
      expect(await send(`${url}/me`, { authorization: `Bearer ${sign(claims, SECRET)}` })).toStrictEqual(ok(claims))
    } finally {
      child.kill()
      await exited
    }
  })

  // jwt-hooks/redis is the one entry with a peer of its own: without ioredis it says so.
  test('every subpath of the exports map loads without FoalTS or TypeORM; jwt-hooks/redis without ioredis names it', async () => {
    const pkg = JSON.parse(readFileSync(join(consumer.dir, 'node_modules/jwt-hooks/package.json'), 'utf8'))
    const subpaths = Object.keys(pkg.exports).filter((path) => path !== '.' && path !== './package.json').map((path) => `jwt-hooks/${path.slice(2)}`)
    const script = `console.log(JSON.stringify(${JSON.stringify(subpaths)}.map((entry) => {
      try { return [entry, Object.keys(require(entry)).length > 0] }
      catch (error) { return [entry, { message: error.message, code: error.code, packages: error.packages }] }
    })))`
    const ioredis = { message: `jwt-hooks: jwt-hooks/redis (the Redis stores) needs ioredis, which is not installed: npm install ioredis@${RANGES.ioredis}`, code: 'JWT_HOOKS_MISSING_PEER', packages: ['ioredis'] }
    expect(subpaths).toContain('jwt-hooks/redis')
    expect(JSON.parse((await run(['-e', script])).stdout)).toStrictEqual(subpaths.map((entry) => [entry, entry === 'jwt-hooks/redis' ? ioredis : true]))
  })

  test('requiring the package root says what to install, and which entries need none of it', async () => {
    const script = `
      try { require('jwt-hooks'); console.log('loaded') }
      catch (error) { console.log(JSON.stringify({ message: error.message, code: error.code, packages: error.packages })) }
    `
    expect(JSON.parse((await run(['-e', script])).stdout)).toStrictEqual({
      message:
        missing('the package root jwt-hooks (FoalTS hooks, LoginController, TypeORM entities and stores)', ROOT_PEERS) +
        '\nAn Express, Koa, Fastify or node:http app needs none of them: use jwt-hooks/express, jwt-hooks/koa, jwt-hooks/fastify or jwt-hooks/http.',
      code: 'JWT_HOOKS_MISSING_PEER',
      packages: ROOT_PEERS,
    })
  })

  test('the CLI: createsecret works; a database command names what it needs, exit 1, no stack', async () => {
    const cli = join(consumer.dir, 'node_modules/.bin/jwt-hooks')
    const secret = await run([cli, 'createsecret'])
    expect({ ...secret, stdout: /^[A-Za-z0-9+/]{43}=\n$/.test(secret.stdout) }).toStrictEqual({ code: 0, stdout: true, stderr: '' })
    expect(await run([cli, 'list-users'])).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: `${missing('the list-users command', ['@foal/core', 'typeorm', 'reflect-metadata', 'class-validator'])}\n`,
    })
  })

  test('the demo server names what it needs, exit 1, no stack', async () => {
    expect(await run([join(consumer.dir, 'node_modules/jwt-hooks/dist/demo/main.js')])).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: `jwt-hooks demo: cannot start.\n${missing('the demo server', ROOT_PEERS)}\n`,
    })
  })
})

function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((done, fail) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening:\n${err}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) done(out.slice(0, out.indexOf('\n')))
    })
  })
}
