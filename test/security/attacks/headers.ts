import { BAD_ALGORITHM, BAD_SIGNATURE, UNSUPPORTED_CRIT, ok } from '../../support/answers'
import { CLAIMS, publicJwk, signAs } from '../support/forge'
import type { KeyKind } from '../../support/keys'
import type { Attack } from './attack'

/** RFC 7515 §4.1.11: a token that marks an extension critical must be refused by who does not know it. */
export const UNKNOWN_CRIT: Attack = {
  name: 'unknown crit header: a critical extension the verifier does not understand',
  cases: (kind) => {
    const signed = (extra: Record<string, unknown>) => () => signAs({ alg: kind.algorithm, typ: 'JWT', ...extra }, CLAIMS, kind.signingKey)
    return [
      { title: 'crit names an extension it carries', token: signed({ crit: ['urn:example:bind'], 'urn:example:bind': 'x' }), expected: UNSUPPORTED_CRIT },
      { title: 'crit names a registered claim', token: signed({ crit: ['exp'] }), expected: UNSUPPORTED_CRIT },
      { title: 'crit is an empty list', token: signed({ crit: [] }), expected: UNSUPPORTED_CRIT },
      { title: 'crit is a string', token: signed({ crit: 'b64', b64: false }), expected: UNSUPPORTED_CRIT },
      {
        title: 'crit on a token signed by another key',
        token: () => signAs({ alg: kind.algorithm, crit: ['x'], x: 1 }, CLAIMS, kind.otherSigningKey),
        expected: BAD_SIGNATURE,
      },
    ]
  },
}

/** Where the attacker's key URLs point: a server on 127.0.0.1 that counts what it is asked. */
export const keyServer = { url: 'http://127.0.0.1:9', hits: [] as string[] }

/**
 * CVE-2018-0114 (jwk), jku/x5u key fetching, kid path traversal and injection: the header may
 * name a key, the verifier must use its own. A genuine token carrying them is judged on its signature.
 */
export const KEY_INJECTION: Attack = {
  name: 'key injection: kid, jku, x5u and jwk headers name the attacker key',
  cases: (kind) => {
    const attackerKey = kind.otherSigningKey
    const forged = (extra: () => Record<string, unknown>, key: KeyKind['signingKey'] | Buffer = attackerKey) => () =>
      signAs({ alg: kind.algorithm, typ: 'JWT', ...extra() }, CLAIMS, key)
    const attackerJwk = () => (typeof attackerKey === 'string' ? { kty: 'oct', k: Buffer.from(attackerKey).toString('base64url') } : publicJwk(attackerKey))
    return [
      { title: 'jwk embeds the attacker public key', token: forged(() => ({ jwk: attackerJwk() })), expected: BAD_SIGNATURE },
      { title: 'jku points at the attacker key set', token: forged(() => ({ jku: `${keyServer.url}/jwks.json` })), expected: BAD_SIGNATURE },
      { title: 'x5u points at the attacker certificate', token: forged(() => ({ x5u: `${keyServer.url}/cert.pem` })), expected: BAD_SIGNATURE },
      {
        title: 'kid points at /dev/null, HS256 with an empty key',
        token: forged(() => ({ alg: 'HS256', kid: '../../../../../../dev/null' }), Buffer.alloc(0)),
        expected: kind.name === 'HS256' ? BAD_SIGNATURE : BAD_ALGORITHM,
      },
      { title: "kid carries SQL (' OR '1'='1)", token: forged(() => ({ kid: "' OR '1'='1" })), expected: BAD_SIGNATURE },
      {
        title: 'a genuine token carrying kid, jku, x5u and jwk is judged on its signature only',
        token: () =>
          signAs(
            { alg: kind.algorithm, typ: 'JWT', kid: 'attacker', jku: `${keyServer.url}/jwks.json`, x5u: `${keyServer.url}/cert.pem`, jwk: attackerJwk() },
            CLAIMS,
            kind.signingKey,
          ),
        expected: ok(CLAIMS),
      },
    ]
  },
}
