import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs'

import { startGuard } from './start-guard'
import { within } from './within'

const STOP_BOUND_MS = 10_000
const POLL_MS = 20

export interface ServerSpawn {
  command: string
  args: string[]
  /** The server's own folder, removed when it stops (or by the guard). */
  dir: string
  logFile: string
  /** How to end it cleanly (KILL follows after a bound). */
  stopSignal: NodeJS.Signals
  uid?: number
  gid?: number
}

/** A server process started by a test: ends with stop(), or with this process at the latest. */
export interface ServerProcess {
  pid: number
  /** Resolves true once `isReady` does, false if the server exits first; throws after `timeoutMs`. */
  waitUntilReady(isReady: () => Promise<boolean>, timeoutMs: number): Promise<boolean>
  /** The server's log so far (for error messages). */
  log(): string
  /** Ends the server (stopSignal, then KILL after a bound); `keepDir` for a restart. */
  stop(options?: { keepDir?: boolean }): Promise<void>
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

export function spawnServer(spec: ServerSpawn): ServerProcess {
  const logFd = openSync(spec.logFile, 'a')
  const child = spawn(spec.command, spec.args, {
    stdio: ['ignore', logFd, logFd],
    uid: spec.uid,
    gid: spec.gid,
    cwd: '/',
  })
  closeSync(logFd)
  // A failed spawn also emits 'error'; the throw below reports it.
  child.on('error', () => undefined)
  if (child.pid === undefined) throw new Error(`could not start ${spec.command}`)
  const pid = child.pid
  const exited = exitOf(child)
  // A forgotten stop() must not keep the test process alive: the guard cleans up after it.
  child.unref()
  const guard = startGuard(pid, spec.stopSignal, [spec.dir])

  let stopping: Promise<void> | undefined
  return {
    pid,
    async waitUntilReady(isReady, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) return false
        if (await isReady()) return true
        if (Date.now() > deadline) throw new Error(`${spec.command} did not answer within ${timeoutMs} ms:\n${this.log()}`)
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      }
    },
    log() {
      try {
        return readFileSync(spec.logFile, 'utf8').slice(-2000)
      } catch {
        return ''
      }
    },
    stop({ keepDir = false } = {}) {
      stopping ??= (async () => {
        guard.dismiss()
        child.kill(spec.stopSignal)
        if (!(await within(exited, STOP_BOUND_MS))) {
          child.kill('SIGKILL')
          await within(exited, STOP_BOUND_MS)
        }
      })()
      return stopping.then(() => {
        if (!keepDir) rmSync(spec.dir, { recursive: true, force: true })
      })
    },
  }
}
