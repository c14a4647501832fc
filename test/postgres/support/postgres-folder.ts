import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createDatabase, type TestDatabase } from '../../support/services'

/** A working directory whose ormconfig.json names a database of its own on the shared PostgreSQL. */
export interface PostgresFolder {
  cwd: string
  db: TestDatabase
  /** What ormconfig.json holds. */
  config: Record<string, unknown>
  /** Drops the database and removes the folder. */
  remove(): Promise<void>
}

/** The connection fields of a URL, as ormconfig.json spells them. */
export function fieldsOf(url: string): Record<string, unknown> {
  const parsed = new URL(url)
  return { host: parsed.hostname, port: Number(parsed.port), username: decodeURIComponent(parsed.username), database: parsed.pathname.slice(1) }
}

/**
 * A fresh database and a folder with an ormconfig.json for it: `"url"`, or host, port, username
 * and database (`fields`), with `extra` keys.
 */
export async function postgresFolder(form: 'url' | 'fields', extra: Record<string, unknown> = {}): Promise<PostgresFolder> {
  const db = await createDatabase()
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-pg-folder-')))
  const config = { type: 'postgres', ...(form === 'url' ? { url: db.url } : fieldsOf(db.url)), ...extra }
  writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify(config))
  return {
    cwd,
    db,
    config,
    async remove() {
      rmSync(cwd, { recursive: true, force: true })
      await db.drop()
    },
  }
}
