/** Thrown by `ApiKeyStore.create` when a key already has the name. */
export class ApiKeyExistsError extends Error {
  readonly keyName: string

  constructor(name: string) {
    super(`An API key named "${name}" exists already.`)
    this.name = 'ApiKeyExistsError'
    this.keyName = name
  }
}
