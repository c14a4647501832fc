import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

import { cleanEnv } from '../../cli/support/run-cli'

/** The built demo server (pretest builds it), run as `npm start` runs it. */
export const DEMO = join(__dirname, '../../../dist/demo/main.js')

/** A demo server in its own process. */
export interface DemoProcess {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  /** The listening URL, once the server says it; rejects if it exits or 20 s pass first. */
  url(): Promise<string>
  /** SIGTERM, then SIGKILL after 5 s: the test never leaves it running. */
  stop(): Promise<number | null>
}

/** @param main the demo's entry (default: this checkout's dist/; a packed package's, say). */
export function startDemoProcess(cwd: string, env: Record<string, string> = {}, main = DEMO): DemoProcess {
  const child = spawn(process.execPath, [main], { cwd, env: cleanEnv({ PORT: '0', ...env }), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    url: () =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(() => done(new Error(`no "listening" line within 20 s:\n${stdout}\n${stderr}`)), 20_000)
        const check = (): void => {
          const match = listening.exec(stdout)
          if (match) done(undefined, match[1])
        }
        const onExit = (code: number | null): void => done(new Error(`exited with ${code}:\n${stdout}\n${stderr}`))
        function done(error?: Error, url?: string): void {
          clearTimeout(deadline)
          child.stdout!.off('data', check)
          child.off('exit', onExit)
          if (error) reject(error)
          else resolve(url!)
        }
        child.stdout!.on('data', check)
        child.once('exit', onExit)
        check()
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

/** Waits for a process to end on its own, within a bound. */
export async function exitWithin(demo: DemoProcess, ms = 20_000): Promise<number | null> {
  const timer = setTimeout(() => demo.child.kill('SIGKILL'), ms)
  const code = await demo.exited
  clearTimeout(timer)
  return code
}
