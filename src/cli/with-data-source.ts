import { createDataSource } from '../typeorm/data-source'

/** Opens the database of `ormconfig.json` in the working directory, runs `work`, and closes it. */
export async function withDataSource<T>(work: () => Promise<T>): Promise<T> {
  const dataSource = createDataSource()
  await dataSource.initialize()
  try {
    return await work()
  } finally {
    await dataSource.destroy()
  }
}
