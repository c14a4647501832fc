import type { DataSource } from 'typeorm'

import { ApiKeyExistsError } from '../api-key-exists-error'
import type { ApiKeyRecord, ApiKeyStore } from '../api-key-store'
import { sameHash } from '../same-hash'
import { ApiKey } from './api-key.entity'
import { inTransaction, inTurn } from './in-transaction'
import { isUniqueViolation } from './is-unique-violation'

/** API keys in the TypeORM database (the `ApiKey` entity), as the CLI and the minting endpoint share them. */
export class TypeormApiKeyStore implements ApiKeyStore {
  /** @param dataSource an initialized DataSource whose entities include `STORE_ENTITIES`. */
  constructor(private readonly dataSource: DataSource) {}

  async create(name: string, keyHash: string, now: number): Promise<void> {
    try {
      await inTransaction(this.dataSource, (runner) =>
        runner.manager.createQueryBuilder().insert().into(ApiKey).values({ name, keyHash, createdAt: now, revokedAt: null }).execute(),
      )
    } catch (error) {
      // The name's primary key, unless the (random) key's hash collided: then the error as it is.
      if (isUniqueViolation(error) && (await this.findByName(name))) throw new ApiKeyExistsError(name)
      throw error
    }
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await inTurn(this.dataSource, () => this.select().where('k.key_hash = :keyHash', { keyHash }).getOne())
    return row !== null && sameHash(row.keyHash, keyHash) ? toRecord(row) : undefined
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await inTurn(this.dataSource, () => this.select().orderBy('k.name', 'ASC').getMany())
    return rows.map(toRecord)
  }

  async revoke(name: string, now: number): Promise<boolean> {
    const result = await inTransaction(this.dataSource, (runner) =>
      runner.manager.createQueryBuilder().update(ApiKey).set({ revokedAt: now }).where('name = :name AND revoked_at IS NULL', { name }).execute(),
    )
    return result.affected === 1
  }

  private async findByName(name: string): Promise<ApiKey | null> {
    return inTurn(this.dataSource, () => this.select().where('k.name = :name', { name }).getOne())
  }

  private select() {
    return this.dataSource.createQueryBuilder().select('k').from(ApiKey, 'k')
  }
}

function toRecord(row: ApiKey): ApiKeyRecord {
  return { name: row.name, createdAt: row.createdAt, ...(row.revokedAt !== null && { revokedAt: row.revokedAt }) }
}
