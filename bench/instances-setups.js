'use strict'
// The instances section's setups: two demo processes each, in one folder (its SQLite file, or an
// ormconfig.json naming a PostgreSQL database), with sessions and login attempts in Redis
// (settings.jwt.redisUrl) or in the users' database (and attempts in each process's memory).

const { mkdtempSync, rmSync, writeFileSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

const { call, clientAddress, startDemo } = require('./lib/demo-process')

// users: where ormconfig.json points (none: a SQLite file); sessions: Redis, or the users' database.
const SETUPS = {
  sqlite: { users: 'sqlite', sessions: 'sqlite', label: 'SQLite + SQLite (no redisUrl)' },
  redis: { users: 'sqlite', sessions: 'redis', label: 'SQLite + Redis' },
  'postgres-redis': { users: 'postgres', sessions: 'redis', label: 'PostgreSQL + Redis' },
  postgres: { users: 'postgres', sessions: 'postgres', label: 'PostgreSQL + PostgreSQL (no redisUrl)' },
}

/**
 * Starts a setup's two demos, one after the other (the second finds the first's schema and user).
 * Each client's address then signs in once on each demo that counts attempts in its own memory
 * (once when Redis counts them for all): an address that signed in for the email is recognised,
 * so a load measures the routes, not the throttle's count of logins in flight.
 * @returns {Promise<{ dir, demos, password, tokens: object[] }>}  tokens: each client's latest pair
 */
async function startSetup(name, { secret, clients, redisUrl, postgresUrl }) {
  const { users, sessions } = SETUPS[name]
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bench-instances-'))
  const setup = { dir, demos: [], password: undefined, tokens: [] }
  if (users === 'postgres') writeFileSync(join(dir, 'ormconfig.json'), JSON.stringify({ type: 'postgres', url: postgresUrl }))
  const env = { ...process.env, SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: secret, SETTINGS_LOGGER_FORMAT: 'none', PORT: '0', NODE_ENV: 'production' }
  for (const key of Object.keys(env)) if (key.startsWith('SETTINGS_JWT_REDIS')) delete env[key]
  if (sessions === 'redis') Object.assign(env, { SETTINGS_JWT_REDIS_URL: redisUrl, SETTINGS_JWT_REDIS_KEY_PREFIX: `bench-${name}-${Date.now()}:` })
  try {
    setup.demos.push(await startDemo(dir, env))
    setup.demos.push(await startDemo(dir, env))
    setup.password = setup.demos[0].password
    const demos = sessions === 'redis' ? setup.demos.slice(0, 1) : setup.demos
    for (const demo of demos) {
      for (let client = 0; client < clients; client++) {
        const reply = await call(`${demo.url}/auth/login`, { method: 'POST', body: { email: 'demo@example.com', password: setup.password }, localAddress: clientAddress(client) })
        if (reply.status !== 200) throw new Error(`${name}: the first login answered ${reply.status}`)
        setup.tokens[client] = reply.body
      }
    }
  } catch (error) {
    await stopSetup(setup)
    throw error
  }
  return setup
}

async function stopSetup({ dir, demos }) {
  await Promise.all(demos.map((demo) => demo.stop()))
  rmSync(dir, { recursive: true, force: true })
}

module.exports = { SETUPS, startSetup, stopSetup }
