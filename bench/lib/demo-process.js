'use strict'
// The demo (`npm start`, dist/demo/main.js) as a process of its own in a folder of its own, and
// the HTTP client the instances bench drives it with.

const { spawn } = require('node:child_process')
const { Agent, request } = require('node:http')
const { join } = require('node:path')

const { stopChild } = require('./child')

const DEMO = join(__dirname, '../../dist/demo/main.js')
const CREDENTIALS = /password: (\S+)\n/

// The demos still running, all killed when this process exits (one listener for all of them).
const live = new Set()
process.once('exit', () => live.forEach((demo) => demo.kill('SIGKILL')))
function watch(child) {
  live.add(child)
  child.once('exit', () => live.delete(child))
}

/** A demo process; resolves once it listens. A second demo on the same users prints no password: it finds the first's user. */
function startDemo(cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-4000)))
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`the demo did not start:\n${out}\n${err}`))), 30_000)
    const stop = () => stopChild(child)
    watch(child)
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the demo exited with ${code}:\n${out}\n${err}`))))
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (!match) return
      clearTimeout(timer)
      child.stdout.removeAllListeners('data')
      child.stdout.resume()
      resolve({ url: match[1], pid: child.pid, password: CREDENTIALS.exec(out)?.[1], stop, stderr: () => err })
    })
  })
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 })

/** One request; answers { status, body } (JSON parsed when it is JSON). */
function call(url, { method = 'GET', body, token, localAddress }) {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const headers = { ...(text && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) }
    const req = request(url, { method, headers, agent, localAddress }, (res) => {
      let raw = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (raw += chunk))
      res.on('end', () => resolve({ status: res.statusCode, body: raw && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw }))
    })
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')))
    req.on('error', reject)
    req.end(text)
  })
}

// An address per client (all of 127/8 is loopback): the throttle counts logins in flight per address.
function clientAddress(client) {
  return `127.0.1.${client + 1}`
}

module.exports = { startDemo, call, clientAddress }
