// jose's own remote key set, in a process of its own (jose is an ES module only): reads
// `{ jwksUrl, tokens }` on stdin, verifies each token with createRemoteJWKSet + jwtVerify, and
// writes `[{ header, payload } | { error }]` on stdout.
import * as jose from 'jose'

let input = ''
for await (const chunk of process.stdin) input += chunk
const { jwksUrl, tokens } = JSON.parse(input)
const keys = jose.createRemoteJWKSet(new URL(jwksUrl))
const answers = []
for (const token of tokens) {
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(token, keys)
    answers.push({ header: protectedHeader, payload })
  } catch (error) {
    answers.push({ error: error.code ?? error.message })
  }
}
process.stdout.write(JSON.stringify(answers))
