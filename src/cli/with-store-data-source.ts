import { TypeormApiKeyStore } from '../stores/typeorm/typeorm-api-key-store'
import type { ApiKeyStore } from '../stores/api-key-store'
import { createStoreDataSource } from '../typeorm/data-source'

/** Opens the stores' DataSource on the `ormconfig.json` database, runs `work` with its API keys, and closes it. */
export async function withApiKeys<T>(work: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const dataSource = createStoreDataSource()
  await dataSource.initialize()
  try {
    return await work(new TypeormApiKeyStore(dataSource))
  } finally {
    await dataSource.destroy()
  }
}
