/** An API key as stored: never the key, only its SHA-256. Times are milliseconds since the epoch. */
export interface ApiKeyRecord {
  name: string
  createdAt: number
  revokedAt?: number
}

/** Where the API keys of server-to-server minting (`POST /auth/tokens`) live. */
export interface ApiKeyStore {
  /**
   * Adds a key.
   * @param name the key's unique name.
   * @param keyHash SHA-256 of the key (hex or base64url, as the caller chose).
   * @param now the current time, the key's `createdAt`.
   * @throws ApiKeyExistsError when a key has this name.
   */
  create(name: string, keyHash: string, now: number): Promise<void>

  /**
   * The key with this hash, revoked or not (the caller refuses a revoked one). Looked up by an
   * index on the hash, then compared in constant time.
   */
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>

  /** Every key, by name. */
  list(): Promise<ApiKeyRecord[]>

  /**
   * Revokes the key with this name (idempotent).
   * @returns `true` when this call revoked it, `false` when it was unknown or already revoked.
   */
  revoke(name: string, now: number): Promise<boolean>
}
