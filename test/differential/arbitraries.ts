import {
  constants,
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  sign as signWith,
  type KeyObject,
} from 'node:crypto'

import fc from 'fast-check'

import { createStaticKey } from '../../src/core/keys/static-key'
import { normalizeOptions } from '../../src/core/pipeline/normalize-options'
import type { VerifyOptions } from '../../src/core/types'

/** The clock (seconds) tokens are generated around; tests freeze Date.now at BASE_S * 1000. */
export const BASE_S = 1_800_000_000

// ---------------------------------------------------------------- keys

export interface KeyKind {
  name: string
  /** The algorithms a server with this key would allow. */
  natural: string[]
  /** What the server verifies with, as parseKey would hand it over. */
  verifyKey: KeyObject
  /** Signs with the right key, for each algorithm this kind can sign. */
  rightSigner: Signers
}

type Signers = Partial<Record<string, (input: Buffer) => Buffer>>

const SECRET = Buffer.from('a-differential-secret-of-at-least-32-bytes')
const OTHER_SECRET = Buffer.from('another-differential-secret-of-32-bytes!!')
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const otherP256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' })
const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 } as any) as unknown as { privateKey: KeyObject; publicKey: KeyObject }

const hmac = (secret: Buffer | string, bits: string) => (input: Buffer) => createHmac(`sha${bits}`, secret).update(input).digest()
const rsaSign = (key: KeyObject, bits: string) => (input: Buffer) => signWith(`sha${bits}`, input, key)
const pssSign = (key: KeyObject, bits: string) => (input: Buffer) =>
  signWith(`sha${bits}`, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
const ecSign = (key: KeyObject, bits: string) => (input: Buffer) => signWith(`sha${bits}`, input, { key, dsaEncoding: 'ieee-p1363' })

function signersFor(secret: Buffer | string, rsaKey: KeyObject, ecKeys: Record<string, KeyObject>): Signers {
  const signers: Signers = {}
  for (const bits of ['256', '384', '512']) {
    signers[`HS${bits}`] = hmac(secret, bits)
    signers[`RS${bits}`] = rsaSign(rsaKey, bits)
    signers[`PS${bits}`] = pssSign(rsaKey, bits)
  }
  for (const [alg, key] of Object.entries(ecKeys)) signers[alg] = ecSign(key, alg.slice(2))
  return signers
}

// Every kind signs every algorithm: with its own key where it has one, else with what an attacker
// would use (the public PEM as an HMAC secret: alg confusion).
const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string
const ecs = { ES256: p256.privateKey, ES384: p384.privateKey, ES512: p521.privateKey }
export const KEY_KINDS: KeyKind[] = [
  { name: 'secret', natural: ['HS256', 'HS384', 'HS512'], verifyKey: createSecretKey(SECRET), rightSigner: signersFor(SECRET, rsa.privateKey, ecs) },
  { name: 'rsa', natural: ['RS256', 'RS384', 'RS512'], verifyKey: rsa.publicKey, rightSigner: signersFor(rsaPem, rsa.privateKey, ecs) },
  { name: 'ec P-256', natural: ['ES256'], verifyKey: p256.publicKey, rightSigner: signersFor(rsaPem, rsa.privateKey, ecs) },
  { name: 'ec P-384', natural: ['ES384'], verifyKey: p384.publicKey, rightSigner: signersFor(rsaPem, rsa.privateKey, ecs) },
  { name: 'rsa-pss', natural: ['PS256'], verifyKey: pss.publicKey, rightSigner: signersFor(rsaPem, pss.privateKey, ecs) },
]
const OTHER_SIGNERS = signersFor(OTHER_SECRET, otherRsa.privateKey, { ...ecs, ES256: otherP256.privateKey })

// ---------------------------------------------------------------- token parts

const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS512', 'none']
const algArb = (kind: KeyKind) => fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...kind.natural) },
  { weight: 8, arbitrary: fc.constantFrom(...ALGS) },
  { weight: 1, arbitrary: fc.constantFrom('hs256', 'HS256 ', '', 'RS1024', 'EdDSA') },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(['HS256']), fc.boolean()) },
)

/** A time claim around the frozen clock: exact boundaries, near and far, and wrong types. */
const timeArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -8, max: 8 }).map((d) => BASE_S + d) },
  { weight: 2, arbitrary: fc.constantFrom(BASE_S + 0.5, BASE_S - 0.5, BASE_S + 3600, BASE_S - 3600, 0, -1, 1e20) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean(), fc.constant([BASE_S]), fc.constant(`${BASE_S + 60}`)) },
)
const audArb = fc.oneof(
  fc.constantFrom('api', 'other', 'API', '', 'api2', 'ap'),
  fc.array(fc.constantFrom('api', 'other', 'x', 'apx'), { maxLength: 3 }),
  fc.constantFrom(1, null, ['api', ['other']], { api: true }),
)
const word = (...words: unknown[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.constantFrom(1, null, true, ['x']) })

const claimsArb = fc.record(
  {
    exp: timeArb,
    nbf: timeArb,
    iat: timeArb,
    aud: audArb,
    iss: word('issuer', 'other', 'https://issuer.example', ''),
    sub: word('1', '2', ''),
    jti: word('id-1', 'id-2'),
    nonce: word('n-1', 'n-2'),
    role: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
)

const headerValueArb = (kind: KeyKind) => fc.oneof(
  {
    weight: 14,
    arbitrary: fc.record(
      {
        alg: algArb(kind),
        typ: fc.constantFrom('JWT', 'jwt', 'at+jwt', 'JOSE'),
        crit: fc.constantFrom(['exp'], [], 'b64', null),
        kid: fc.string({ maxLength: 4 }),
      },
      { requiredKeys: ['alg'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
)

/** Raw header text: JSON of a value, or text that is not quite JSON, or non-ASCII. */
const headerTextArb = (kind: KeyKind) => fc.oneof(
  { weight: 14, arbitrary: headerValueArb(kind).map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom('{"alg":"HS256"', 'HS256', '', ' ', '{"alg":"HS256","x":"é"}', '{"alg":"HS256"}\u0000', '0', 'false', '""', '[]', '{}') },
)

/**
 * Payload text that is no claims set (RFC 7519 §7.2): JSON that is not an object (arrays, of
 * claims too, null, strings, numbers, booleans) and text that is not JSON.
 */
export const nonObjectPayloadTextArb = fc.oneof(
  fc.constantFrom('[]', '[{"sub":"1"}]', `[{"sub":"1","exp":${BASE_S + 60}}]`, 'null', '"sub"', '"{\\"sub\\":\\"1\\"}"', '0', '-1.5', '1e400', 'true', 'false', 'not json', '{"sub":"1"', '{"a":1}}'),
  fc.jsonValue({ maxDepth: 2 }).filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => JSON.stringify(value)),
  fc.array(claimsArb, { maxLength: 2 }).map((claims) => JSON.stringify(claims)),
)

/** Raw payload text: JSON of claims, or other JSON, or not JSON at all. */
const payloadTextArb = fc.oneof(
  { weight: 14, arbitrary: claimsArb.map((claims) => JSON.stringify(claims)) },
  { weight: 2, arbitrary: nonObjectPayloadTextArb },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }).map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('not json', '{"exp":1e400}', '{"nbf":-1e400}', '"{\\"sub\\":\\"1\\"}"', '[1,2]', 'null', '', '{"sub":"é"}', '{"a":1}}', '{"__proto__":{"exp":1}}'),
  },
)

type SignatureKind = 'right' | 'otherKey' | 'empty' | 'flip' | 'truncate' | 'extend' | 'random' | 'otherAlg' | 'zeroHalf' | 'lastBits'
const signatureKindArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant<SignatureKind>('right') },
  { weight: 1, arbitrary: fc.constantFrom<SignatureKind>('otherKey', 'empty', 'flip', 'truncate', 'extend', 'random', 'otherAlg', 'zeroHalf', 'lastBits') },
)

/** Small changes to the token's shape: dots, padding, characters outside base64url, spaces. */
const shapeArb = fc.oneof(
  { weight: 16, arbitrary: fc.constant<[string, number]>(['none', 0]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('insert', 'delete', 'emptyToken', 'trim'), fc.nat()) },
)
const STRAY = ['.', '=', '+', '/', ' ', 'é', '\n', '..', '~']

function b64(text: string, latin1: boolean): string {
  return Buffer.from(text, latin1 ? 'latin1' : 'utf8').toString('base64url')
}

/** Tokens of every kind: valid, badly signed, broken in shape, with claims right and wrong. */
export function tokenArb(kind: KeyKind): fc.Arbitrary<string> {
  return fc
    .record({
      headerText: headerTextArb(kind),
      payloadText: payloadTextArb,
      latin1: fc.boolean(),
      signature: signatureKindArb,
      shape: shapeArb,
      rand: fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189-_'.split('')), maxLength: 90 }),
      at: fc.nat(),
    })
    .map(({ headerText, payloadText, latin1, signature, shape, rand, at }) => {
      const input = `${b64(headerText, latin1)}.${b64(payloadText, false)}`
      let alg: unknown
      try {
        alg = JSON.parse(headerText)?.alg
      } catch {
        alg = undefined
      }
      const token = `${input}.${signatureFor(kind, typeof alg === 'string' ? alg : 'HS256', input, signature, rand, at)}`
      return reshape(token, shape)
    })
}

function signatureFor(kind: KeyKind, alg: string, input: string, how: SignatureKind, rand: string, at: number): string {
  const data = Buffer.from(input)
  // A key that cannot sign this algorithm (RS256 with an RSA-PSS key) signs as HS256 instead.
  const sign = (signers: Signers, name: string): Buffer => {
    try {
      return (signers[name] ?? signers.HS256)!(data)
    } catch {
      return signers.HS256!(data)
    }
  }
  const right = sign(kind.rightSigner, alg).toString('base64url')
  switch (how) {
    case 'right':
      return right
    case 'otherKey':
      return sign(OTHER_SIGNERS, alg).toString('base64url')
    case 'empty':
      return ''
    case 'flip': {
      const i = at % right.length
      return right.slice(0, i) + (right[i] === 'A' ? 'B' : 'A') + right.slice(i + 1)
    }
    case 'truncate':
      return right.slice(0, Math.max(0, right.length - 1 - (at % 4)))
    case 'extend':
      return right + rand.slice(0, 1 + (at % 3))
    case 'random':
      return rand
    case 'otherAlg':
      return sign(kind.rightSigner, ALGS[at % (ALGS.length - 1)]).toString('base64url')
    case 'zeroHalf': {
      const raw = sign(kind.rightSigner, alg)
      raw.fill(0, at % 2 === 0 ? 0 : raw.length >> 1, at % 2 === 0 ? raw.length >> 1 : raw.length)
      return raw.toString('base64url')
    }
    case 'lastBits': {
      // Same bytes, other unused trailing bits: a non-canonical encoding of the right signature.
      const last = right.length - 1
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      return right.slice(0, last) + alphabet[(alphabet.indexOf(right[last]) ^ (1 + (at % 3))) & 63]
    }
  }
}

function reshape(token: string, [how, at]: [string, number]): string {
  switch (how) {
    case 'insert': {
      const i = at % (token.length + 1)
      return token.slice(0, i) + STRAY[at % STRAY.length] + token.slice(i)
    }
    case 'delete': {
      const i = at % token.length
      return token.slice(0, i) + token.slice(i + 1)
    }
    case 'emptyToken':
      return ''
    case 'trim':
      return ` ${token} `
    default:
      return token
  }
}

// ---------------------------------------------------------------- options

/** Mostly values a user would write; now and then one jsonwebtoken refuses or this path leaves to it. */
function option(usual: unknown[], odd: unknown[]): fc.Arbitrary<any> {
  return fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) })
}

/**
 * verifyOptions as a user may write them, odd ones included; only those setup takes (a value of
 * the wrong type, or an algorithm the key cannot verify, throws a TypeError when the door is built).
 */
export function optionsArb(kind: KeyKind, opts: { fixedClock: boolean }): fc.Arbitrary<VerifyOptions> {
  return optionsOf(kind, opts).filter((options) => acceptedBySetup(kind, options))
}

function acceptedBySetup(kind: KeyKind, options: VerifyOptions): boolean {
  try {
    normalizeOptions({ keys: createStaticKey(kind.verifyKey) }, options, 'required')
    return true
  } catch {
    return false
  }
}

function optionsOf(kind: KeyKind, opts: { fixedClock: boolean }): fc.Arbitrary<VerifyOptions> {
  return fc.record(
    {
      algorithms: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(kind.natural, kind.natural.slice(0, 1), undefined) },
        { weight: 3, arbitrary: fc.constantFrom(['HS256'], ['RS256', 'RS512'], ['ES256'], ['ES384'], ['RS256', 'ES256', 'HS256']) },
        { weight: 1, arbitrary: fc.constantFrom<any>(['PS256'], [], ['none', 'HS256'], 'HS256', [256]) },
      ) as fc.Arbitrary<any>,
      audience: option(['api', ['api', 'other'], /^ap/, [/^ot/, 'x'], '', [], 'say "hi" \\'], [/api/g, 1]),
      issuer: option(['issuer', ['issuer', 'https://issuer.example'], '', []], [{ iss: 1 }]),
      subject: option(['1', ''], [1]),
      jwtid: option(['id-1', ''], [['id-1']]),
      nonce: option(['n-1'], ['', '  ', 5]),
      clockTolerance: option([0, 1, 5, -5, 0.5, -0.5, 3600], ['5', null]),
      ignoreExpiration: fc.boolean(),
      ignoreNotBefore: fc.boolean(),
      ...(opts.fixedClock ? { clockTimestamp: option([BASE_S, BASE_S + 5, BASE_S - 5, 0], [`${BASE_S}`]) } : {}),
      ...(opts.fixedClock ? { maxAge: option([undefined], [60, '1h', 'soon']) } : {}),
      allowInvalidAsymmetricKeyTypes: option([true, false], ['yes']),
    },
    { requiredKeys: [] },
  )
}

export const keyKindArb = fc.constantFrom(...KEY_KINDS)

/** Well-signed tokens whose only question is time: exp and nbf within seconds of the clock. */
export function timedTokenArb(kind: KeyKind): fc.Arbitrary<string> {
  const near = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.constantFrom(-0.5, 0.5, 2.25)).map((d) => BASE_S + d)
  return fc
    .record({ alg: fc.constantFrom(...kind.natural), exp: near, nbf: near, sub: fc.constantFrom('1', '2') }, { requiredKeys: ['alg', 'sub'] })
    .map(({ alg, ...claims }) => {
      const input = `${b64(JSON.stringify({ alg, typ: 'JWT' }), false)}.${b64(JSON.stringify(claims), false)}`
      return `${input}.${signatureFor(kind, alg, input, 'right', '', 0)}`
    })
}

/** Correctly signed tokens whose payload is no JSON object, with and without `typ: JWT`. */
export function signedNonObjectArb(kind: KeyKind): fc.Arbitrary<string> {
  return fc
    .record({ alg: fc.constantFrom(...kind.natural), typ: fc.constantFrom('JWT', undefined, 'at+jwt'), payload: nonObjectPayloadTextArb })
    .map(({ alg, typ, payload }) => {
      const input = `${b64(JSON.stringify(typ === undefined ? { alg } : { alg, typ }), false)}.${b64(payload, false)}`
      return `${input}.${signatureFor(kind, alg, input, 'right', '', 0)}`
    })
}

/** Options about time only: tolerance and the ignore switches. */
export const timingOptionsArb: fc.Arbitrary<VerifyOptions> = fc.record(
  { clockTolerance: fc.constantFrom(0, 1, 2.5, -1, -2.5), ignoreExpiration: fc.boolean(), ignoreNotBefore: fc.boolean() },
  { requiredKeys: [] },
)

/** A key, a token for it, and the options of the server that receives it. */
export function caseArb(opts: { fixedClock: boolean }) {
  return keyKindArb.chain((kind) => fc.record({ kind: fc.constant(kind), token: tokenArb(kind), options: optionsArb(kind, opts) }))
}
