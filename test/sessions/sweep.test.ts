import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { MemorySessionStore } from '../../src/stores/memory/memory-session-store'
import { createSessions } from '../../src/tokens/sessions'
import { useJwtEnv } from '../login/support/login-server'

// The periodic sweep of finished sessions: a failing store said once, and once when it sweeps again.

/** A memory store whose sweeps fail while `down` is set; `swept(n)` resolves once it was asked n times. */
class FlakyStore extends MemorySessionStore {
  down = true
  sweeps = 0
  private waiting: { count: number; resolve: () => void } | undefined
  async sweep(now: number): Promise<number> {
    this.sweeps += 1
    try {
      if (this.down) throw new Error('disk I/O error')
      return await super.sweep(now)
    } finally {
      // After the sessions saw this sweep's outcome (and logged it).
      setImmediate(() => this.waiting !== undefined && this.sweeps >= this.waiting.count && this.waiting.resolve())
    }
  }
  swept(count: number): Promise<void> {
    return new Promise((resolve) => (this.waiting = { count, resolve }))
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-sweep-'))
  useJwtEnv(dir)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('every sweepInterval the store sweeps; three failures are one log line, the recovery another; close stops it', async () => {
  const store = new FlakyStore()
  const lines: string[] = []
  const sessions = createSessions({ store, sweepInterval: 5, pollInterval: 60_000, log: (line) => lines.push(line) })
  try {
    await store.swept(3)
    expect(lines).toStrictEqual(["jwt-hooks: sessions: the store's sweep failed (disk I/O error); trying again later"])
    store.down = false
    const before = store.sweeps
    await store.swept(before + 2)
    expect(lines).toStrictEqual(["jwt-hooks: sessions: the store's sweep failed (disk I/O error); trying again later", 'jwt-hooks: sessions: the store sweeps again'])
  } finally {
    sessions.close()
  }
  const closedAt = store.sweeps
  await new Promise((resolve) => setTimeout(resolve, 30))
  expect(store.sweeps).toBe(closedAt)
})

test('sweepInterval false: the store is never swept', async () => {
  const store = new FlakyStore()
  const sessions = createSessions({ store, sweepInterval: false, pollInterval: 60_000, log: () => undefined })
  await new Promise((resolve) => setTimeout(resolve, 30))
  sessions.close()
  expect(store.sweeps).toBe(0)
})
