'use strict'
// Child processes for the bench: each measurement or server runs alone and is always stopped.

const { spawn, fork } = require('node:child_process')

/**
 * Runs a node script to its end and answers its stdout parsed as JSON.
 * @param {string} script  @param {string[]} args
 * @param {{ timeoutMs: number, nodeArgs?: string[], cwd?: string, env?: object }} options
 */
function runNode(script, args, { timeoutMs, nodeArgs = [], cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (err += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')}: ${signal ?? `exit ${code}`}\n${err.slice(-2000)}`))
      try {
        resolve(JSON.parse(out))
      } catch {
        reject(new Error(`${script} ${args.join(' ')}: no JSON answer\n${out.slice(-500)}\n${err.slice(-2000)}`))
      }
    })
  })
}

/**
 * Starts a server script that answers { port } over IPC once it listens, then { cpu } to each
 * { cmd: 'cpu' }; `stop()` ends it.
 * The server also ends by itself when this process goes away (IPC disconnect) or after maxMs.
 */
function startServer(script, args, { cwd, env, maxMs, startMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    const child = fork(script, [...args, String(maxMs)], { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    let err = ''
    child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-4000)))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} ${args.join(' ')}: did not start\n${err}`))
    }, startMs)
    child.once('message', ({ port }) => {
      clearTimeout(timer)
      // CPU time (µs, user + system) the server has used so far, asked over IPC.
      const cpu = () =>
        new Promise((done) => {
          child.once('message', ({ cpu: used }) => done(used))
          child.send({ cmd: 'cpu' })
        })
      resolve({ port, stop: () => stopChild(child), cpu, child, stderr: () => err })
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${script} ${args.join(' ')}: exited (${signal ?? code}) before listening\n${err}`))
    })
  })
}

/** Ends a child process: TERM, KILL after 5 s; resolves once it has exited. */
function stopChild(child) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000).unref()
  })
}

module.exports = { runNode, startServer, stopChild }
