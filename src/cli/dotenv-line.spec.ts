import { generateKeyPairSync } from 'node:crypto'

import { parseDotenv } from '../config/parse-dotenv'
import { dotenvLine } from './dotenv-line'

const { privateKey } = generateKeyPairSync('ed25519')
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string

test.each([
  ['a PEM (line breaks, a trailing one)', PEM, `K="${PEM.replace(/\n/g, '\\n')}"`],
  ['a JSON key set', '{"keys":[{"kty":"OKP","kid":"a b"}]}', `K='{"keys":[{"kty":"OKP","kid":"a b"}]}'`],
  ['a bare word', 'EdDSA', 'K=EdDSA'],
  ["a ' with a \\ and \" in it", `it's \\"x\\n" #`, `K="it's \\\\\\"x\\\\n\\" #"`],
  ['CRLF and spaces at both ends', '  a\r\nb  ', 'K="  a\\r\\nb  "'],
  ['" #" (a comment, unquoted)', 'a #b', "K='a #b'"],
  ['empty', '', "K=''"],
])('%s: written as one line that parseDotenv reads back byte for byte', (_, value, line) => {
  expect(dotenvLine('K', value)).toBe(line)
  expect(parseDotenv(`A=1\n${dotenvLine('K', value)}\nB=2\n`)).toStrictEqual(new Map([['A', '1'], ['K', value], ['B', '2']]))
})
