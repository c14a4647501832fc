'use strict'
// One autocannon run of a Bearer-protected route, with the server's CPU per request: the paired
// rounds of the sessions and capabilities sections (with ÷ without) both measure with it.

const autocannon = require('autocannon')

/**
 * @param {string} url the route.
 * @param {string} token sent as `Authorization: Bearer <token>` on every request.
 * @param {number} seconds how long.
 * @param {number} connections how many at once.
 * @param {() => Promise<number>} cpu the server's CPU time so far, µs.
 * @returns {Promise<{ rps: number, cpuUs: number }>} requests per second and server µs per request.
 * @throws when any answer is not 200: a benchmark of refusals would flatter the route.
 */
async function bearerLoad(url, token, seconds, connections, cpu) {
  const before = await cpu()
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` } })
  const codes = Object.keys(result.statusCodeStats ?? {})
  if (result.errors > 0 || codes.some((code) => code !== '200')) throw new Error(`${url}: expected only 200, got ${JSON.stringify(result.statusCodeStats)}`)
  return { rps: result.requests.total / (result.duration || seconds), cpuUs: ((await cpu()) - before) / result.requests.total }
}

module.exports = { bearerLoad }
