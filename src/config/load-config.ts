import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { parseDocument } from 'yaml'

import { ConfigError } from './config-error'
import { parseDotenv } from './parse-dotenv'

/** One configuration value and where it was found. */
export interface ConfigValue {
  value: unknown
  source: string
}

/** A read-only view of the layered configuration. */
export interface Config {
  /** The value of the first layer that sets the key. */
  get(key: string): ConfigValue | undefined
  /** Every layer's value for the key, the one `get` answers first. */
  all(key: string): ConfigValue[]
}

export interface LoadConfigOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
}

const EXTENSIONS = ['yml', 'yaml', 'json'] as const

/**
 * Reads every layer once: environment, `.env`, `config/<NODE_ENV>.*`, `config/default.*`.
 * For each key the first layer that has it wins.
 * @throws ConfigError naming the file when a file cannot be parsed.
 */
export function loadConfig({ cwd = process.cwd(), env = process.env }: LoadConfigOptions = {}): Config {
  const dotenv = readDotenv(cwd)
  // .env may choose the environment too, but never over a real variable.
  const nodeEnv = env.NODE_ENV ?? dotenv.get('NODE_ENV') ?? 'development'
  const files = [nodeEnv, 'default'].flatMap((name) =>
    EXTENSIONS.map((ext) => join('config', `${name}.${ext}`)).flatMap((file) => readConfigFile(cwd, file)),
  )
  const all = (key: string): ConfigValue[] => {
    const name = toEnvName(key)
    const found: ConfigValue[] = []
    if (env[name] !== undefined) found.push({ value: env[name], source: `environment variable ${name}` })
    if (dotenv.has(name)) found.push({ value: dotenv.get(name), source: `.env (${name})` })
    for (const file of files) {
      const value = lookUp(file.data, key)
      if (value !== undefined) found.push({ value, source: file.name })
    }
    return found
  }
  return { get: (key) => all(key)[0], all }
}

/** `settings.jwt.secretOrPublicKey` → `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY`. */
export function toEnvName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase()
}

function readDotenv(cwd: string): Map<string, string> {
  const text = readIfPresent(join(cwd, '.env'))
  if (text === undefined) return new Map()
  try {
    return parseDotenv(text)
  } catch (error) {
    throw new ConfigError(undefined, '.env', (error as Error).message)
  }
}

function readConfigFile(cwd: string, name: string): { name: string; data: unknown }[] {
  const text = readIfPresent(join(cwd, name))
  if (text === undefined) return []
  const kind = name.endsWith('.json') ? 'JSON' : 'YAML'
  let data: unknown
  try {
    data = kind === 'JSON' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new ConfigError(undefined, name, `invalid ${kind}: ${describeParseError(error as Error, text)}`)
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new ConfigError(undefined, name, 'the top level must be a mapping of keys')
  }
  return [{ name, data }]
}

// A warning is an error here: an unquoted value starting with `!` or `*` is read as a tag or an
// alias, so a secret would silently become another value. Warnings are never printed: yaml's
// print the offending line, secret included.
function parseYaml(text: string): unknown {
  const document = parseDocument(text, { logLevel: 'silent' })
  const problem = document.errors[0] ?? document.warnings[0]
  if (problem !== undefined) throw problem
  return document.toJS()
}

/**
 * What went wrong in a configuration file, and where, without quoting the file: V8 quotes the
 * JSON around the error, yaml names the alias or tag it read. A secret must never reach a log.
 * @param error what JSON.parse or yaml threw.
 * @param text the file, to turn a JSON position into a line and column.
 */
export function describeParseError(error: Error, text: string): string {
  const first = error.message.split('\n')[0]
  const reason = first
    .replace(/^(Unexpected token).*$/, '$1')
    .replace(/( in JSON)? at position \d+.*$/, '')
    .replace(/ at line \d+, column \d+.*$/, '')
    .replace(/: .*$/, '')
  const yamlAt = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0]
  const jsonAt = / at position (\d+)/.exec(first)
  if (yamlAt !== undefined) return `${reason} at line ${yamlAt.line}, column ${yamlAt.col}`
  if (jsonAt === null) return reason
  const before = text.slice(0, Number(jsonAt[1])).split('\n')
  return `${reason} at line ${before.length}, column ${before[before.length - 1].length + 1}`
}

/** A file's text, or undefined when it does not exist (any other read error is thrown). */
export function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

// A key written with no value (`cookieName:` in YAML, `null` in JSON) is found, as null: it is
// set, and empty, not absent.
function lookUp(data: unknown, key: string): unknown {
  let node = data
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}
