import { DataSource, type DataSourceOptions } from 'typeorm'

import { PubEntry } from './pub-entry.entity'

/**
 * The DataSource of the demo's `/pub/*` table, on the stores' database (ormconfig.json): the same
 * options, this one entity, its table made when missing. A DataSource of its own, so the package's
 * entities and migrations stay as they are; synchronize touches only the tables of its entities.
 * @param stores the stores' DataSource (createStoreDataSource), not yet open.
 */
export function createPubDataSource(stores: DataSource): DataSource {
  const options = { ...stores.options, entities: [PubEntry], migrations: [], migrationsRun: false, synchronize: true }
  return new DataSource(options as DataSourceOptions)
}
