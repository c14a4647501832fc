'use strict'
// A redis-server of the bench's own on a free 127.0.0.1 port, in a temporary folder; stop() ends
// it by its process id (and so does this process's exit).

const { spawn } = require('node:child_process')
const { mkdtempSync, rmSync } = require('node:fs')
const { createServer, connect } = require('node:net')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const answers = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'))
    socket.once('data', (chunk) => (socket.destroy(), resolve(chunk.toString().startsWith('+PONG'))))
    socket.once('error', () => resolve(false))
  })

/**
 * @param {{ appendOnly?: boolean }} options  appendOnly: every write in an append-only file, fsynced before it is answered
 * @returns {Promise<{ url: string, pid: number, stop(): Promise<void> }>}
 */
async function startRedisServer({ appendOnly = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bench-redis-'))
  const port = await freePort()
  const persistence = appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', ...persistence, '--dir', dir], { stdio: 'ignore' })
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stop)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.once('error', () => undefined)
  for (let i = 0; i < 200; i++) {
    if (await answers(port)) return { url: `redis://127.0.0.1:${port}`, pid: child.pid, stop: async () => (stop(), await exited) }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  stop()
  throw new Error('redis-server did not answer within 5 s (is it installed? apt-get install redis-server)')
}

module.exports = { freePort, startRedisServer }
