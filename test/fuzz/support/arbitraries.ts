import fc from 'fast-check'

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
// RFC 9110 §5.5: a field value is visible characters, SP, HTAB and obs-text (bytes ≥ 0x80). Node
// refuses the rest itself (its own 400, before any door: see control-bytes.test.ts).
const NOT_IN_A_HEADER = /[\u0000-\u0008\u000a-\u001f\u007f]/g

/** Any unicode text that can travel in a header once UTF-8 encoded. */
export const headerText = (maxLength = 300) => fc.string({ unit: 'binary', maxLength }).map((s) => s.replace(NOT_IN_A_HEADER, ''))

export const base64url = (maxLength = 200) =>
  fc.string({ unit: fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...BASE64URL) }, fc.constantFrom('+', '/', '=', '%', ' ')), maxLength })

/** 1 to 5 parts of (mostly) base64url joined with dots: the shape of a JWT, nothing more. */
export const dottedParts = fc.array(base64url(), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'))

/** Unicode text after a scheme, so the token step sees it too. */
export const schemeAndText = fc
  .tuple(fc.constantFrom('Bearer ', 'bearer ', 'BEARER  ', 'Basic ', 'Bearer\t', ' Bearer ', ''), headerText(), fc.constantFrom('', ' ', '\t', ' x'))
  .map(([scheme, text, tail]) => scheme + text + tail)

/** `depth` nested arrays or objects around a value. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value }
  return value
}

/** The JSON text of `depth` nested arrays or objects, written out (JSON.stringify recurses). */
export function nestedJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}0${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`
}

const ALGS = ['none', 'None', 'NONE', 'nOnE', 'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'PS256', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'hs256', '']

/** A JSON header: the values jws reads as no header, any JSON, a JOSE-looking object, deep nesting. */
export const jsonHeader = fc.oneof(
  fc.constantFrom<unknown>(null, 0, false, '', [], {}, 'HS256', 1, true),
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      alg: fc.oneof(fc.constantFrom(...ALGS), fc.string(), fc.integer(), fc.constant(null)),
      typ: fc.constantFrom('JWT', 'jwt', 'JOSE'),
      crit: fc.array(fc.string(), { maxLength: 2 }),
      kid: fc.string(),
      jku: fc.webUrl(),
      b64: fc.boolean(),
    },
    { requiredKeys: ['alg'] },
  ),
  fc.tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => nested(d, k)),
)

/** A JSON payload: array, string, null, number, claims of any type, deep nesting. */
export const jsonPayload = fc.oneof(
  fc.constantFrom<unknown>(null, 0, '', [], {}, 'sub', 42, -1.5, true),
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ sub: fc.jsonValue({ maxDepth: 2 }), exp: fc.jsonValue({ maxDepth: 2 }), nbf: fc.jsonValue({ maxDepth: 2 }), aud: fc.jsonValue({ maxDepth: 2 }) }),
  fc.tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => nested(d, k)),
)

/** A signature nobody made: none, random text, or random bytes of a real signature's length. */
export const forgedSignature = fc.oneof(
  fc.constant(''),
  fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 1, maxLength: 400 }),
  fc.constantFrom(32, 48, 64, 256).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })).map((bytes) => Buffer.from(bytes).toString('base64url')),
)
