'use strict'
// The verifiers the verify bench measures, each as its users call it: built once (`create`),
// then called with one token (or what `input` makes of it, outside the timing).
// BENCH_BASELINE=<dir>: another build of jwt-hooks (its package folder), run as `jwt-hooks (baseline)`.

const { createPublicKey, createSecretKey, verify: cryptoVerify } = require('node:crypto')
const { createServer } = require('node:http')
const { join } = require('node:path')

/** @param {string} alg the algorithm every verifier is built for. */
function verifiersFor(alg) {
  // The core pipeline, as every door runs it, from the package's public entry: it answers at
  // once here (no blackList, no user loader, the key at hand).
  const hooks = (options) => require('jwt-hooks/core').createAuthenticator(options, { algorithms: [alg] })
  return {
    'jwt-hooks': { create: (key) => hooks({ secretOrPublicKey: key }), input: bearer },
    'jwt-hooks (cache off)': { create: (key) => hooks({ secretOrPublicKey: key, cache: false }), input: bearer },
    // A JWKS of two keys, the token's kid picking the second.
    'jwt-hooks (2-key set)': { create: (_key, { jwks }) => hooks({ keys: jwks }), input: bearer, kid: true },
    // The static key on that very token: what a set is compared with (a kid lengthens the token,
    // and every hit reads the whole token: the comparison with the cached one).
    'jwt-hooks (static, kid token)': { create: (key) => hooks({ secretOrPublicKey: key }), input: bearer, kid: true },
    // The same set published by a server on 127.0.0.1, fetched once before the timing starts.
    'jwt-hooks (remote JWKS)': { create: (_key, { jwksUrl }) => hooks({ jwksUrl }), input: bearer, kid: true, serves: true },
    'jwt-hooks (baseline)': { create: (key) => baseline(alg, { secretOrPublicKey: key }), input: bearer },
    jsonwebtoken: {
      create: (key) => {
        const { verify } = require('jsonwebtoken')
        const options = { algorithms: [alg] }
        return (token) => verify(token, key, options)
      },
    },
    'jsonwebtoken (KeyObject)': {
      create: (key) => {
        const { verify } = require('jsonwebtoken')
        const keyObject = alg === 'HS256' ? createSecretKey(Buffer.from(key)) : createPublicKey(key)
        const options = { algorithms: [alg] }
        return (token) => verify(token, keyObject, options)
      },
    },
    'fast-jwt': { create: (key) => require('fast-jwt').createVerifier({ key, algorithms: [alg] }) },
    'fast-jwt (cache)': { create: (key) => require('fast-jwt').createVerifier({ key, algorithms: [alg], cache: 10_000 }) },
    jose: {
      async: true,
      create: (key, { jose }) => {
        const keyObject = alg === 'HS256' ? new TextEncoder().encode(key) : createPublicKey(key)
        const options = { algorithms: [alg] }
        return (token) => jose.jwtVerify(token, keyObject, options)
      },
    },
    // The floor: the signature check alone, on a token split beforehand (EdDSA).
    'crypto.verify (floor)': {
      create: (key) => {
        const publicKey = createPublicKey(key)
        return ({ input, signature }) => {
          if (!cryptoVerify(null, input, publicKey, signature)) throw new Error('refused')
        }
      },
      input: (token) => {
        const dot = token.lastIndexOf('.')
        return { input: Buffer.from(token.slice(0, dot)), signature: Buffer.from(token.slice(dot + 1), 'base64url') }
      },
    },
  }
}

function baseline(alg, options) {
  const dir = process.env.BENCH_BASELINE
  if (dir === undefined) throw new Error('BENCH_BASELINE is not set')
  let entry
  try {
    entry = require(join(dir, 'dist/core/index.js'))
  } catch {
    // A build from before the core had an entry of its own.
    entry = require(join(dir, 'dist/core/create-authenticator.js'))
  }
  return entry.createAuthenticator(options, { algorithms: [alg] })
}

// The core's input is a request: the header is built once per token, outside the timing.
function bearer(token) {
  const value = `Bearer ${token}`
  return { header: () => value, cookie: () => undefined }
}

/** The set's public keys at a URL on 127.0.0.1, for the remote JWKS verifier. */
async function serve(jwks) {
  const body = JSON.stringify(jwks)
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  return `http://127.0.0.1:${server.address().port}/jwks.json`
}

module.exports = { verifiersFor, serve }
