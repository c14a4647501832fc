import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { isInFile } from '../../src/blacklist/is-in-file'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { send, type Answer } from '../support/http'
import { KEY_KINDS } from '../support/keys'
import { BAD_SIGNATURE, REVOKED, ok } from '../support/answers'
import { CLAIMS, signAs } from './support/forge'

// The holder of a revoked token spells it otherwise: the same signature bytes with other unused
// low bits in the last base64url character (RFC 4648 §3.5), or the ECDSA twin (r, n − s). Both
// verify; a list compared as text no longer finds the token.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
// SEC 2 group orders, written out here, not taken from the code under test.
const ORDERS: Record<string, bigint> = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  ES384: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  ES512: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
}

interface Signer {
  alg: string
  signingKey: string | KeyObject
  verifyKey: string
}
const ec = (alg: string, namedCurve: string): Signer => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve })
  return { alg, signingKey: privateKey, verifyKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}
const SIGNERS: Signer[] = [
  ...KEY_KINDS.map((kind) => ({ alg: kind.algorithm, signingKey: kind.signingKey, verifyKey: kind.verifyKey })),
  ec('ES384', 'secp384r1'),
  ec('ES512', 'secp521r1'),
]

/** Every other spelling of the last character that decodes to the same bytes. */
function respellings(token: string): string[] {
  const dot = token.lastIndexOf('.')
  const signature = token.slice(dot + 1)
  const bytes = Buffer.from(signature, 'base64url')
  return [...ALPHABET]
    .map((c) => signature.slice(0, -1) + c)
    .filter((s) => s !== signature && Buffer.from(s, 'base64url').equals(bytes))
    .map((s) => token.slice(0, dot + 1) + s)
}

/** (r, n − s): the other valid ECDSA signature of the same input. */
function ecdsaTwin(token: string, alg: string): string {
  const dot = token.lastIndexOf('.')
  const bytes = Buffer.from(token.slice(dot + 1), 'base64url')
  const half = bytes.length / 2
  const n = ORDERS[alg]
  const s = BigInt(`0x${bytes.toString('hex', half)}`)
  const twin = Buffer.concat([bytes.subarray(0, half), Buffer.from((n - s).toString(16).padStart(half * 2, '0'), 'hex')])
  return token.slice(0, dot + 1) + twin.toString('base64url')
}

const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-malleability-'))
const file = join(dir, 'blacklist.txt')
const revoked = SIGNERS.map((signer) => signAs({ alg: signer.alg, typ: 'JWT' }, CLAIMS, signer.signingKey))
// A prefix and an extension of a listed token are listed too: neither may revoke it.
const kept = SIGNERS.map((signer) => signAs({ alg: signer.alg, typ: 'JWT' }, { ...CLAIMS, jti: 'kept' }, signer.signingKey))
writeFileSync(file, [...revoked, ...kept.flatMap((token) => [token.slice(0, -4), `${token}AAAA`])].join('\n'))
const blackList = isInFile(file)
afterAll(() => blackList.close())

const ROUTES: RouteSpec[] = SIGNERS.flatMap((signer) => [
  { path: `/${signer.alg}/listed`, mode: 'required', options: { secretOrPublicKey: signer.verifyKey, blackList }, verifyOptions: { algorithms: [signer.alg as never] } },
  { path: `/${signer.alg}/open`, mode: 'required', options: { secretOrPublicKey: signer.verifyKey }, verifyOptions: { algorithms: [signer.alg as never] } },
])

interface Row {
  title: string
  path: string
  token: string
  expected: Answer
}
const ROWS: Row[] = SIGNERS.flatMap((signer, i) => {
  const token = revoked[i]
  // jwa compares an HMAC as text, so only RS and ES spellings verify at all.
  const verifies = !signer.alg.startsWith('HS')
  const rows: Row[] = [
    { title: 'the listed token', path: 'listed', token, expected: REVOKED },
    { title: 'a token whose line has a prefix and an extension listed', path: 'listed', token: kept[i], expected: ok({ ...CLAIMS, jti: 'kept' }) },
    ...respellings(token).flatMap((variant, j) => [
      { title: `respelled last character #${j + 1}, unlisted route`, path: 'open', token: variant, expected: verifies ? ok(CLAIMS) : BAD_SIGNATURE },
      { title: `respelled last character #${j + 1}, listed route`, path: 'listed', token: variant, expected: verifies ? REVOKED : BAD_SIGNATURE },
    ]),
  ]
  if (signer.alg.startsWith('ES')) {
    const twin = ecdsaTwin(token, signer.alg)
    rows.push(
      { title: 'ECDSA twin (r, n − s), unlisted route', path: 'open', token: twin, expected: ok(CLAIMS) },
      { title: 'ECDSA twin (r, n − s), listed route', path: 'listed', token: twin, expected: REVOKED },
      // P-384 and P-521 signatures fill their last character: there is nothing to respell.
      ...respellings(twin).map((variant) => ({ title: 'ECDSA twin, respelled too', path: 'listed', token: variant, expected: REVOKED })),
    )
  }
  return rows.map((row) => ({ ...row, title: `${signer.alg}: ${row.title}`, path: `/${signer.alg}/${row.path}` }))
})

describe.each(DOORS)('revocation bypass by signature malleability, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(ROWS)('$title', async ({ path, token, expected }) => {
    expect(await send(server.url + path, { authorization: `Bearer ${token}` })).toStrictEqual(expected)
  })
})
