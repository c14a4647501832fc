import { ApiKeyExistsError } from '../api-key-exists-error'
import type { ApiKeyRecord, ApiKeyStore } from '../api-key-store'
import { sameHash } from '../same-hash'

/** API keys in this process's memory (tests, and apps that load their keys at start). */
export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly byName = new Map<string, { record: ApiKeyRecord; keyHash: string }>()
  private readonly byHash = new Map<string, string>()

  async create(name: string, keyHash: string, now: number): Promise<void> {
    if (this.byName.has(name)) throw new ApiKeyExistsError(name)
    if (this.byHash.has(keyHash)) throw new Error('jwt-hooks: an API key with this hash exists already')
    this.byName.set(name, { record: { name, createdAt: now }, keyHash })
    this.byHash.set(keyHash, name)
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const name = this.byHash.get(keyHash)
    const entry = name === undefined ? undefined : this.byName.get(name)
    return entry && sameHash(entry.keyHash, keyHash) ? { ...entry.record } : undefined
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.byName.values()].map(({ record }) => ({ ...record })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  async revoke(name: string, now: number): Promise<boolean> {
    const entry = this.byName.get(name)
    if (entry === undefined || entry.record.revokedAt !== undefined) return false
    entry.record.revokedAt = now
    return true
  }
}
