import type * as DatabaseModule from './database'

/** The entities and queries of the database commands, loaded on first use. */
export type Database = typeof DatabaseModule

/** The packages `./database` loads: a database command names them in `needs`. */
export const DATABASE_PEERS = ['@foal/core', 'typeorm', 'reflect-metadata', 'class-validator'] as const

/** Loads the entities and queries (FoalTS, TypeORM) of the database commands. */
export function loadDatabase(): Promise<Database> {
  return import('./database')
}

/** Opens the database of `ormconfig.json` in the working directory, runs `work`, and closes it. */
export async function withDataSource<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await loadDatabase()
  const dataSource = database.createDataSource()
  await dataSource.initialize()
  try {
    return await work(database)
  } finally {
    await dataSource.destroy()
  }
}
