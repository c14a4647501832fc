import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Client } from 'pg'

/** A throwaway PostgreSQL server on 127.0.0.1, trust authentication, user `postgres`. */
export interface PostgresServer {
  port: number
  /** Creates an empty database and answers its name. */
  createDatabase(): Promise<string>
  stop(): void
}

/** Where the PostgreSQL binaries are (PG_BIN, else the newest Debian install), if anywhere. */
export function findPostgres(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : []
  return versions.map((v) => join(root, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')))
}

/**
 * initdb into a temporary folder and start on a free port; as root, both run as the `postgres`
 * user (PostgreSQL refuses root). Stopped by `pg_ctl stop` on that folder: only this server.
 */
export async function startPostgres(bin: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-pg-'))
  const asPostgres = process.getuid?.() === 0
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })))
  const pg = (tool: string, args: string[]): void => {
    const [command, all] = asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]
    execFileSync(command as string, all as string[], { stdio: 'pipe' })
  }
  const data = join(dir, 'data')
  pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`
  pg('pg_ctl', ['start', '-w', '-D', data, '-l', join(dir, 'log'), '-o', options])
  let made = 0
  return {
    port,
    async createDatabase() {
      const name = `store_${process.pid}_${++made}`
      const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' })
      await admin.connect()
      try {
        await admin.query(`CREATE DATABASE ${name}`)
      } finally {
        await admin.end()
      }
      return name
    },
    stop() {
      try {
        pg('pg_ctl', ['stop', '-w', '-D', data, '-m', 'fast'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
