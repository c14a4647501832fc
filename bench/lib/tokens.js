'use strict'
// Keys and tokens for every part of the bench, made once per run and handed to child processes
// through a JSON file (an RSA signature takes about a millisecond: 10,000 of them only once).

const { createHmac, generateKeyPairSync, sign } = require('node:crypto')
const { writeFileSync, readFileSync } = require('node:fs')

const ALGORITHMS = ['HS256', 'RS256', 'ES256']
const SECRET = 'a-benchmark-secret-of-at-least-thirty-two-bytes'

/** A key per algorithm: what signs, and what a server verifies with (secret or PEM). */
function createKeys() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const pem = (key) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' })
  return {
    HS256: { signing: SECRET, verifying: SECRET },
    RS256: { signing: pem(rsa.privateKey), verifying: pem(rsa.publicKey) },
    ES256: { signing: pem(ec.privateKey), verifying: pem(ec.publicKey) },
  }
}

const segment = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Signs claims as jsonwebtoken would (header `{ alg, typ: 'JWT' }`), on node:crypto directly. */
function signToken(alg, signingKey, claims) {
  const input = `${segment({ alg, typ: 'JWT' })}.${segment(claims)}`
  let signature
  if (alg === 'HS256') signature = createHmac('sha256', signingKey).update(input).digest()
  else if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), signingKey)
  else signature = sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' })
  return `${input}.${signature.toString('base64url')}`
}

/** Claims of an ordinary access token, valid for a day; `i` makes each one distinct. */
function claimsFor(i, now = Math.floor(Date.now() / 1000)) {
  return { sub: String(1000 + i), role: 'user', jti: `t-${i}`, iat: now, exp: now + 86_400 }
}

/** Keys and, per algorithm, one repeated token and a pool of distinct ones. */
function createFixtures(poolSize) {
  const keys = createKeys()
  const fixtures = { keys, tokens: {} }
  for (const alg of ALGORITHMS) {
    const pool = []
    for (let i = 0; i < poolSize; i++) pool.push(signToken(alg, keys[alg].signing, claimsFor(i)))
    fixtures.tokens[alg] = { repeated: signToken(alg, keys[alg].signing, claimsFor(-1)), pool }
  }
  return fixtures
}

function saveFixtures(fixtures, file) {
  writeFileSync(file, JSON.stringify(fixtures))
}

function loadFixtures(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

module.exports = { ALGORITHMS, SECRET, createKeys, signToken, claimsFor, createFixtures, saveFixtures, loadFixtures }
