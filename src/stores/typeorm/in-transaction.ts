import type { DataSource, QueryRunner } from 'typeorm'

// These drivers run every query of a DataSource on one connection: a transaction of ours must
// not have another call's statements run inside it, so calls on one DataSource take turns.
const ONE_CONNECTION = new Set(['sqlite', 'better-sqlite3', 'sqljs'])
const turns = new WeakMap<DataSource, Promise<unknown>>()

/** Thrown inside a transaction's work to roll it back and still answer `value`. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/**
 * Runs `work` in a transaction and commits, or rolls back when it throws (then rejects with the
 * error, or answers the value of a `Rollback`). On SQLite it is `BEGIN IMMEDIATE`: the write lock
 * is taken first, waiting up to the busy timeout, so a transaction that reads and then writes
 * never meets another process's writer halfway (SQLite would answer SQLITE_BUSY at once there,
 * busy timeout or not). Only SQLite and PostgreSQL are supported (`ON CONFLICT`, `LIMIT`).
 */
export async function inTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  if (ONE_CONNECTION.has(dataSource.options.type)) {
    return takeTurn(dataSource, () => run(dataSource.createQueryRunner(), 'BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK', work))
  }
  const runner = dataSource.createQueryRunner()
  try {
    // The races are decided by row locks and READ COMMITTED's re-check of a waiting UPDATE, not by
    // serialization failures: stated here, whatever the database's default isolation.
    return await run(runner, 'BEGIN ISOLATION LEVEL READ COMMITTED', 'COMMIT', 'ROLLBACK', work)
  } finally {
    await runner.release()
  }
}

/** Runs a read outside any transaction (in turn with the transactions on one-connection drivers). */
export async function inTurn<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  if (ONE_CONNECTION.has(dataSource.options.type)) return takeTurn(dataSource, () => work(dataSource.createQueryRunner()))
  const runner = dataSource.createQueryRunner()
  try {
    return await work(runner)
  } finally {
    await runner.release()
  }
}

async function run<T>(runner: QueryRunner, begin: string, commit: string, rollback: string, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  await runner.query(begin)
  try {
    const value = await work(runner)
    await runner.query(commit)
    return value
  } catch (error) {
    // The store's fault is what the caller needs; a failed ROLLBACK (the connection is gone, or
    // SQLite already rolled back) adds nothing to it.
    await runner.query(rollback).catch(() => undefined)
    if (error instanceof Rollback) return error.value as T
    throw error
  }
}

function takeTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const mine = (turns.get(dataSource) ?? Promise.resolve()).then(work)
  turns.set(dataSource, mine.catch(() => undefined))
  return mine
}
