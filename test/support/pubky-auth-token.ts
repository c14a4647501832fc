import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

/** What a hand-made AuthToken is made of; every part can be set wrong on purpose. */
export interface TokenParts {
  namespace?: Uint8Array | string
  version?: number
  /** Microseconds since the epoch. */
  timestamp: bigint
  /** The 32 key bytes written in the token (default: the signer's). */
  publicKey?: Uint8Array
  capabilities?: string
  /** The capabilities' bytes as written, instead of the UTF-8 of `capabilities`. */
  capabilityBytes?: Uint8Array
  /** The length prefix as written, instead of the minimal varint. */
  lengthBytes?: Uint8Array
  trailing?: Uint8Array
}

export interface TokenSigner {
  privateKey: KeyObject
  /** The 32 raw public key bytes. */
  raw: Buffer
}

export function newSigner(): TokenSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, raw: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url') }
}

function varint(value: number): Buffer {
  const out: number[] = []
  do {
    out.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0))
    value = Math.floor(value / 128)
  } while (value > 0)
  return Buffer.from(out)
}

/**
 * Writes an AuthToken the way pubky-common's postcard serialization does, and signs
 * `bytes[65..]` with the signer's key, as `AuthToken::sign` does.
 */
export function buildAuthToken(signer: TokenSigner, parts: TokenParts): Uint8Array {
  const caps = parts.capabilityBytes ?? Buffer.from(parts.capabilities ?? '/pub/app/:rw')
  const timestamp = Buffer.alloc(8)
  timestamp.writeBigUInt64BE(parts.timestamp)
  const body = Buffer.concat([
    Buffer.from(parts.namespace ?? 'PUBKY:AUTH'),
    Buffer.from([parts.version ?? 0]),
    timestamp,
    parts.publicKey ?? signer.raw,
    parts.lengthBytes ?? varint(caps.length),
    caps,
    parts.trailing ?? Buffer.alloc(0),
  ])
  const signature = sign(null, body.subarray(1), signer.privateKey)
  return new Uint8Array(Buffer.concat([signature, body]))
}
