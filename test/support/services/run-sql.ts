import { Client } from 'pg'

/** Runs one statement on its own short-lived connection (bounded: connect 10 s, query 30 s). */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 30_000 })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
