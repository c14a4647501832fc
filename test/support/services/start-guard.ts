import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Socket } from 'node:net'

/**
 * Run by a detached `sh` holding the read end of a pipe from this process: `read` returns when
 * this process closes the pipe, which the kernel does when it dies, however it dies (a jest
 * worker that is force-killed runs no exit handler). The guard then ends the process, if it is
 * still the one started (same command name), and removes the folders. $1 pid, $2 comm, $3 signal.
 */
const GUARD = `read -r _
pid=$1 comm=$2 signal=$3; shift 3
[ "$(cat /proc/$pid/comm 2>/dev/null)" = "$comm" ] && kill -$signal $pid 2>/dev/null
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
[ "$(cat /proc/$pid/comm 2>/dev/null)" = "$comm" ] && kill -KILL $pid 2>/dev/null
rm -rf "$@"`

/** Watches over one process this one started, for the case this one ends without stopping it. */
export interface Guard {
  /** The process was stopped normally: the guard goes without doing anything. */
  dismiss(): void
}

/**
 * Starts a guard that, once this process is gone, ends `pid` (`signal`, KILL after 10 s) and
 * removes `dirs`.
 */
export function startGuard(pid: number, signal: NodeJS.Signals, dirs: string[]): Guard {
  const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  const shortSignal = signal.replace(/^SIG/, '') // sh's kill takes TERM, not SIGTERM
  const guard = spawn('/bin/sh', ['-c', GUARD, 'guard', String(pid), comm, shortSignal, ...dirs], {
    detached: true, // its own process group: a Ctrl-C to the test run does not end it first
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  guard.on('error', () => undefined)
  // Neither the guard nor its pipe keeps this process alive.
  guard.unref()
  ;(guard.stdin as unknown as Socket).unref()
  return { dismiss: () => guard.kill('SIGKILL') }
}
