import { generateKeyPairSync, sign } from 'node:crypto'

import { Keypair } from '@synonymdev/pubky'
import { PrivateKey } from '@textile/crypto'

import { signWithSeed, z32Of } from './key-sign-in-server'

/** A signer: the key as its client spells it, its z-base-32 (the `sub`), and its signature of a text. */
export interface Signer {
  publicKey: string
  z32: string
  sign(text: string): Promise<Buffer>
}

/** A @synonymdev/pubky Keypair: its `z32()`, and its secret's Ed25519 signature. */
export function pubkySigner(): Signer {
  const keypair = Keypair.random()
  return { publicKey: keypair.publicKey.z32(), z32: keypair.publicKey.z32(), sign: async (text) => signWithSeed(keypair.secret(), text) }
}

/** A @textile/crypto PrivateKey: `public.toString()`, and `sign()`. */
export function textileSigner(): Signer {
  const identity = PrivateKey.fromRandom()
  return { publicKey: identity.public.toString(), z32: z32Of(identity.public.pubKey), sign: async (text) => Buffer.from(await identity.sign(new TextEncoder().encode(text))) }
}

/** A node:crypto Ed25519 key: base64url of its 32 bytes (its JWK `x`), and `crypto.sign`. */
export function nodeSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  return { publicKey: raw.toString('base64url'), z32: z32Of(raw), sign: async (text) => sign(null, Buffer.from(text), privateKey) }
}
