'use strict'
// Keys and tokens for every part of the bench, made once per run and handed to child processes
// through a JSON file (an RSA signature takes about a millisecond: 10,000 of them only once).

const { createHmac, generateKeyPairSync, sign } = require('node:crypto')
const { writeFileSync, readFileSync } = require('node:fs')

const ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA']
const SECRET = 'a-benchmark-secret-of-at-least-thirty-two-bytes'
const OTHER_SECRET = 'another-benchmark-secret-of-thirty-two-bytes!'
/** The kid of the key that signs the key-set tokens: the second of a set of two. */
const KID = 'k2'

/** A key per algorithm: what signs, what a server verifies with (secret or PEM), and a two-key JWKS. */
function createKeys() {
  const pairs = {
    RS256: [generateKeyPairSync('rsa', { modulusLength: 2048 }), generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ES256: [generateKeyPairSync('ec', { namedCurve: 'P-256' }), generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    EdDSA: [generateKeyPairSync('ed25519'), generateKeyPairSync('ed25519')],
  }
  const pem = (key) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' })
  const oct = (secret, kid) => ({ kty: 'oct', k: Buffer.from(secret).toString('base64url'), kid })
  const keys = { HS256: { signing: SECRET, verifying: SECRET, jwks: { keys: [oct(OTHER_SECRET, 'k1'), oct(SECRET, KID)] } } }
  for (const [alg, [pair, other]] of Object.entries(pairs)) {
    const jwk = (publicKey, kid) => ({ ...publicKey.export({ format: 'jwk' }), kid })
    keys[alg] = { signing: pem(pair.privateKey), verifying: pem(pair.publicKey), jwks: { keys: [jwk(other.publicKey, 'k1'), jwk(pair.publicKey, KID)] } }
  }
  return keys
}

const segment = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Signs claims as jsonwebtoken would (header `{ alg, typ: 'JWT' }`, and `kid` when given), on node:crypto directly. */
function signToken(alg, signingKey, claims, kid) {
  const input = `${segment(kid === undefined ? { alg, typ: 'JWT' } : { alg, typ: 'JWT', kid })}.${segment(claims)}`
  let signature
  if (alg === 'HS256') signature = createHmac('sha256', signingKey).update(input).digest()
  else if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), signingKey)
  else if (alg === 'EdDSA') signature = sign(null, Buffer.from(input), signingKey)
  else signature = sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' })
  return `${input}.${signature.toString('base64url')}`
}

/** Claims of an ordinary access token, valid for a day; `i` makes each one distinct. */
function claimsFor(i, now = Math.floor(Date.now() / 1000)) {
  return { sub: String(1000 + i), role: 'user', jti: `t-${i}`, iat: now, exp: now + 86_400 }
}

/** Keys and, per algorithm, one repeated token, a pool of distinct ones, and a repeated token with a kid. */
function createFixtures(poolSize) {
  const keys = createKeys()
  const fixtures = { keys, tokens: {} }
  for (const alg of ALGORITHMS) {
    const pool = []
    for (let i = 0; i < poolSize; i++) pool.push(signToken(alg, keys[alg].signing, claimsFor(i)))
    const repeated = signToken(alg, keys[alg].signing, claimsFor(-1))
    fixtures.tokens[alg] = { repeated, pool, withKid: signToken(alg, keys[alg].signing, claimsFor(-1), KID) }
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
