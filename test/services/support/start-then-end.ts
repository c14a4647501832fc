// Run in a child process by no-orphans.test.ts: starts one of each server and a browser, reports
// every process it now has below it and the folders they use (Redis's, PostgreSQL's, Chromium's
// profile), then ends the way argv[2] says, without stopping anything.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

import Redis from 'ioredis'
import { Client } from 'pg'

import { launchChromium } from '../../support/browser'
import { startPostgres, startRedis } from '../../support/services'

/** A /proc file, or '' once its process has ended (short-lived helpers come and go). */
function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

function descendants(pid: number): number[] {
  let tids: string[] = []
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  const children = tids.flatMap((tid) => readProc(`/proc/${pid}/task/${tid}/children`).trim().split(/\s+/).filter(Boolean).map(Number))
  return children.flatMap((child) => [child, ...descendants(child)])
}

async function main(): Promise<void> {
  const redis = await startRedis()
  const postgres = await startPostgres()
  await launchChromium()
  const client = new Redis(redis.url)
  const [, redisDir] = (await client.config('GET', 'dir')) as string[]
  client.disconnect()
  const pg = new Client({ connectionString: postgres.url })
  await pg.connect()
  const { rows } = await pg.query<{ data_directory: string }>('SHOW data_directory')
  await pg.end()
  const processes = descendants(process.pid)
  const profileDirs = processes.flatMap((pid) => {
    const args = readProc(`/proc/${pid}/cmdline`).split('\0')
    return args.filter((arg) => arg.startsWith('--user-data-dir=')).map((arg) => arg.slice('--user-data-dir='.length))
  })
  const report = { processes, dirs: [redisDir, dirname(rows[0].data_directory), ...new Set(profileDirs)] }
  process.stdout.write(`${JSON.stringify(report)}\n`, () => {
    if (process.argv[2] === 'killed') process.kill(process.pid, 'SIGKILL')
    else process.exit(0)
  })
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exit(1)
})
