import type { Logger } from 'typeorm'

/** A TypeORM logger that keeps every statement the DataSource sends, so a test can count them. */
export class QueryCounter implements Logger {
  readonly queries: string[] = []

  logQuery(query: string): void {
    this.queries.push(query)
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  /** The statements sent while `work` ran. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    const start = this.queries.length
    const result = await work()
    return { result, queries: this.queries.slice(start) }
  }
}
