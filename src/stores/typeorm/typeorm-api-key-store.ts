import type { DataSource } from 'typeorm'

import { ApiKeyExistsError } from '../api-key-exists-error'
import type { ApiKeyRecord, ApiKeyStore } from '../api-key-store'
import { sameHash } from '../same-hash'
import { inTransaction, inTurn } from './in-transaction'
import { isUniqueViolation } from './is-unique-violation'
import { runSql } from './run-sql'

const COLUMNS = 'name, key_hash, created_at, revoked_at'

/** API keys in the TypeORM database (the `ApiKey` entity), as the CLI and the minting endpoint share them. */
export class TypeormApiKeyStore implements ApiKeyStore {
  /** @param dataSource an initialized DataSource whose entities include `STORE_ENTITIES`. */
  constructor(private readonly dataSource: DataSource) {}

  async create(name: string, keyHash: string, now: number): Promise<void> {
    const insert = 'INSERT INTO auth_api_key (name, key_hash, created_at, revoked_at) VALUES (:name, :keyHash, :now, NULL)'
    try {
      await inTransaction(this.dataSource, (runner) => runSql(runner, insert, { name, keyHash, now }))
    } catch (error) {
      // The name's primary key, unless the (random) key's hash collided: then the error as it is.
      if (isUniqueViolation(error) && (await this.select('name = :name', { name })).length > 0) throw new ApiKeyExistsError(name)
      throw error
    }
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.select('key_hash = :keyHash', { keyHash })
    return row !== undefined && sameHash(row.key_hash as string, keyHash) ? toRecord(row) : undefined
  }

  async list(): Promise<ApiKeyRecord[]> {
    // Sorted here, by code unit as the memory store does: a database's collation may differ.
    return (await this.select('1 = 1')).map(toRecord).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  async revoke(name: string, now: number): Promise<boolean> {
    const revoke = 'UPDATE auth_api_key SET revoked_at = :now WHERE name = :name AND revoked_at IS NULL'
    return (await inTransaction(this.dataSource, (runner) => runSql(runner, revoke, { name, now }))).affected === 1
  }

  private async select(where: string, parameters: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    return (await inTurn(this.dataSource, (runner) => runSql(runner, `SELECT ${COLUMNS} FROM auth_api_key WHERE ${where}`, parameters))).rows
  }
}

function toRecord(row: Record<string, unknown>): ApiKeyRecord {
  return { name: row.name as string, createdAt: Number(row.created_at), ...(row.revoked_at !== null && { revokedAt: Number(row.revoked_at) }) }
}
