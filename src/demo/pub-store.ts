import type { DataSource, Repository } from 'typeorm'

import { PubEntry } from './pub-entry.entity'

/** What GET answers: the stored bytes and the type they came with. */
export interface PubValue {
  contentType: string
  body: Buffer
}

/**
 * The demo's key-value store behind `/pub/*`, keyed by (subject, path): one subject's
 * capabilities never reach another subject's values. A FoalTS service; `startDemo` gives it the
 * DataSource of its table (`PubStore.on(dataSource)`), an app built without one answers 503.
 */
export class PubStore {
  private repository: Repository<PubEntry> | undefined

  /** A store over a DataSource whose entities include PubEntry. */
  static on(dataSource: DataSource): PubStore {
    const store = new PubStore()
    store.repository = dataSource.getRepository(PubEntry)
    return store
  }

  /** Whether a database is behind the store. */
  get available(): boolean {
    return this.repository !== undefined
  }

  async get(sub: string, path: string): Promise<PubValue | undefined> {
    const entry = await this.entries().findOneBy({ sub, path })
    return entry === null ? undefined : { contentType: entry.contentType, body: Buffer.from(entry.body, 'base64') }
  }

  /** Stores the value, replacing what was there: one statement. */
  async put(sub: string, path: string, value: PubValue): Promise<void> {
    await this.entries().upsert({ sub, path, contentType: value.contentType, body: value.body.toString('base64') }, ['sub', 'path'])
  }

  /** @returns whether there was a value to delete. */
  async delete(sub: string, path: string): Promise<boolean> {
    const result = await this.entries().delete({ sub, path })
    return (result.affected ?? 0) > 0
  }

  private entries(): Repository<PubEntry> {
    if (this.repository === undefined) throw new Error('the /pub store has no database')
    return this.repository
  }
}
