import { KEYS_NAME, readJwtConfig } from '../config/jwt-config'
import { loadConfig, toEnvName, type Config } from '../config/load-config'
import type { Algorithm } from '../core/jws/algorithms'
import { appendToDotenv } from './append-to-dotenv'
import { CliError, UsageError } from './cli-error'
import type { Command } from './command'
import { dotenvLine } from './dotenv-line'
import { KEY_PAIR_ALGORITHMS } from './generate-key-pair'
import { planRotation, type RotationPlan } from './plan-rotation'

const NAME = 'rotate-key'

/** `rotate-key [--algorithm <alg>] [--prune] [--save]`: a new signing key pair, the old public key kept verifying. */
export const rotateKey: Command = {
  name: NAME,
  args: '[--algorithm <alg>] [--prune] [--save]',
  summary: 'New signing key pair; the old public key verifies until its tokens expire (settings.jwt.keys); prints the lines, --save appends them to .env',
  options: { algorithm: { type: 'string' }, prune: { type: 'boolean' }, save: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run({ values }) {
    const algorithm = values.algorithm as string | undefined
    if (algorithm !== undefined && !(KEY_PAIR_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new UsageError(`--algorithm ${algorithm} is not one that signs with a key pair: ${KEY_PAIR_ALGORITHMS.join(', ')}`, NAME)
    }
    if (values.prune === true && algorithm !== undefined) throw new UsageError('--prune makes no new key: leave out --algorithm', NAME)
    const cwd = process.cwd()
    const layers = loadConfig({ cwd })
    const now = Date.now()
    const plan = planRotation(readJwtConfig(layers), cwd, { algorithm: algorithm as Algorithm | undefined, prune: values.prune === true, now })
    if (plan.values.length === 0) {
      process.stdout.write(`Nothing to prune: no key of ${KEYS_NAME} is past its keepUntil. Nothing was written.\n`)
      return
    }
    const lines = [`# jwt-hooks rotate-key ${new Date(now).toISOString()}: ${headline(plan)}`, ...plan.values.map(({ key, value }) => dotenvLine(toEnvName(key), value))]
    if (values.save !== true) {
      process.stdout.write(`${lines.join('\n')}\n`)
      process.stderr.write('Nothing was written: put these lines in .env (or these values where the configuration is), then restart the servers.\n')
      return
    }
    refuseEnvironment(plan, layers)
    appendToDotenv(cwd, lines)
    process.stdout.write(report(plan, layers))
  },
}

// .env never wins over a real variable: appended there, the new key would be read by nobody.
function refuseEnvironment(plan: RotationPlan, layers: Config): void {
  const names = plan.values.map(({ key }) => layers.get(key)?.source).filter((source) => source?.startsWith('environment variable'))
  if (names.length === 0) return
  const variables = names.map((source) => source!.slice('environment variable '.length)).join(', ')
  throw new CliError(
    `${variables} ${names.length === 1 ? 'is' : 'are'} set in the environment, which .env does not override. Nothing was written; run "jwt-hooks ${NAME}" without --save and set the values it prints there`,
  )
}

function headline({ created, retired, dropped }: RotationPlan): string {
  const parts = [
    ...(created === undefined ? [] : [`new ${created.algorithm} key ${created.kid}`]),
    ...(retired === undefined ? [] : [`retired ${retired.kid} (kept until ${retired.keepUntil})`]),
    ...dropped.map(({ kid, keepUntil }) => `took out ${kid} (kept until ${keepUntil})`),
  ]
  return parts.join('; ')
}

function report({ values, created, retired, dropped, keysFile }: RotationPlan, layers: Config): string {
  const lines: string[] = []
  if (created !== undefined) lines.push(`Wrote a new ${created.algorithm} key pair to .env (kid ${created.kid}).`)
  if (retired !== undefined) {
    lines.push(`The previous key (kid ${retired.kid}) keeps verifying in ${KEYS_NAME} until ${retired.keepUntil} (settings.jwt.expiresIn from now); "jwt-hooks ${NAME} --prune" takes it out after that.`)
  }
  for (const { kid, keepUntil } of dropped) lines.push(`Took out of ${KEYS_NAME}: kid ${kid} (kept until ${keepUntil}, its tokens have expired).`)
  if (created === undefined) lines.push(`Wrote ${KEYS_NAME} to .env.`)
  if (keysFile !== undefined) lines.push(`${KEYS_NAME} is now the set itself, in .env; ${keysFile} is left as it is.`)
  for (const { key } of values) {
    const before = layers.get(key)?.source
    if (before?.startsWith('config')) lines.push(`.env now wins over ${before} for ${key} (left as it is).`)
  }
  lines.push('Restart the servers: until then they sign and verify with the keys they started with.')
  return `${lines.join('\n')}\n`
}
