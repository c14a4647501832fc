import type { ApiKeyStore } from '../stores/api-key-store'

/**
 * Opens the stores' DataSource on the `ormconfig.json` database, runs `work` with its API keys, and closes it.
 * TypeORM is loaded here, on first use: the CLI's other commands run without it (Command.needs says so).
 */
export async function withApiKeys<T>(work: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const [{ TypeormApiKeyStore }, { createStoreDataSource }] = await Promise.all([import('../stores/typeorm/typeorm-api-key-store'), import('../typeorm/data-source')])
  const dataSource = createStoreDataSource()
  await dataSource.initialize()
  try {
    return await work(new TypeormApiKeyStore(dataSource))
  } finally {
    await dataSource.destroy()
  }
}
