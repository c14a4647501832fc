import { DataSource, type DataSourceOptions } from 'typeorm'

import { withSchemaLock } from '../typeorm/with-schema-lock'
import { PubEntry } from './pub-entry.entity'

/**
 * The DataSource of the demo's `/pub/*` table, on the stores' database (ormconfig.json): the same
 * options, this one entity, its table made when missing. A DataSource of its own, so the package's
 * entities and migrations stay as they are; synchronize touches only the tables of its entities.
 * @param stores the stores' DataSource (createStoreDataSource), not yet open.
 */
export function createPubDataSource(stores: DataSource): DataSource {
  return new PubDataSource({ ...stores.options, entities: [PubEntry], migrations: [], migrationsRun: false, synchronize: false } as DataSourceOptions)
}

// On PostgreSQL, demos starting together on one new database would each CREATE the table: the
// schema lock makes them take turns, as the package's migrations do.
class PubDataSource extends DataSource {
  override async initialize(): Promise<this> {
    await super.initialize()
    try {
      if (this.options.type === 'postgres') await withSchemaLock(this, () => this.synchronize())
      else await this.synchronize()
      return this
    } catch (error) {
      await this.destroy().catch(() => undefined)
      throw error
    }
  }
}
