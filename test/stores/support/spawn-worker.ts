import { spawn } from 'node:child_process'
import { join } from 'node:path'

import type { CompiledStores } from './compile-stores'

/** A store-worker.js process: `ready` once it has opened the database, `result` when it is done. */
export interface Worker {
  ready: Promise<void>
  say(word: 'go' | 'stop'): void
  result: Promise<any>
  kill(): void
}

/** Starts store-worker.js on a job (see its header). */
export function spawnWorker(compiled: CompiledStores, job: Record<string, unknown>): Worker {
  const child = spawn(process.execPath, [join(__dirname, 'store-worker.js')], {
    env: { PATH: process.env.PATH ?? '', ...compiled.env, STORES_DIR: compiled.dir, JOB: JSON.stringify(job) },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.startsWith('ready\n')) resolve()
    })
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready:\n${err}`)))
  })
  const result = exited.then((code) => {
    const lines = out.trim().split('\n')
    if (code !== 0 || lines.length < 2) throw new Error(`worker exited (${code}):\n${out}\n${err}`)
    return JSON.parse(lines[lines.length - 1])
  })
  // A worker killed by a failing test's cleanup must not crash the run with an unhandled rejection.
  ready.catch(() => undefined)
  result.catch(() => undefined)
  return { ready, result, say: (word) => child.stdin!.write(`${word}\n`), kill: () => child.kill('SIGKILL') }
}
