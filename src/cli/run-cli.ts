import { parseArgs } from 'node:util'

import { ConfigError } from '../config/config-error'
import { requirePeers } from '../peers/require-peers'
import { CliError, UsageError } from './cli-error'
import type { Command, CommandInput } from './command'
import { createSecret } from './create-secret'
import { createUser } from './create-user'
import { listIdentities } from './list-identities'
import { listUsers } from './list-users'
import { API_KEY_COMMANDS } from './api-key-commands'
import { PERMISSION_COMMANDS } from './permission-commands'
import { revoke } from './revoke'
import { rotateKey } from './rotate-key'
import { usage } from './usage'

const COMMANDS: readonly Command[] = [createSecret, rotateKey, createUser, revoke, listUsers, listIdentities, ...PERMISSION_COMMANDS, ...API_KEY_COMMANDS]
const HELP = new Set(['-h', '--help', 'help'])

/**
 * Runs one `jwt-hooks` command line.
 * @param args the arguments after the program name.
 * @returns the exit code: 0 done, 1 failed, 2 bad usage.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined) return process.stderr.write(usage(COMMANDS)), 2
  if (HELP.has(name)) return process.stdout.write(usage(COMMANDS)), 0
  const command = COMMANDS.find((candidate) => candidate.name === name)
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}"`)
    const input = parse(command, rest)
    if (input === 'help') return process.stdout.write(`${`Usage: jwt-hooks ${command.name} ${command.args}`.trimEnd()}\n${command.summary}\n`), 0
    if (command.needs !== undefined) requirePeers(`the ${command.name} command`, command.needs)
    await command.run(input)
    return 0
  } catch (error) {
    return fail(error)
  }
}

function parse(command: Command, args: string[]): CommandInput | 'help' {
  const options = { ...command.options, help: { type: 'boolean' as const, short: 'h' } }
  // Not strict: node's own messages are long; each problem is named here instead.
  const { values, positionals, tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true })
  if (values.help === true) return 'help'
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const option = (options as Record<string, { type: string }>)[token.name]
    if (option === undefined) throw new UsageError(`unknown option ${token.rawName}`, command.name)
    if (option.type === 'string' && token.value === undefined) throw new UsageError(`${token.rawName} needs a value`, command.name)
    if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`, command.name)
  }
  const { min, max } = command.positionals
  if (positionals.length < min || positionals.length > max) {
    const wanted = max === 0 ? 'no arguments' : `${command.args.split(' [')[0]}`
    throw new UsageError(`${command.name} takes ${wanted}`, command.name)
  }
  return { positionals, values: values as CommandInput['values'] }
}

function fail(error: unknown): number {
  if (error instanceof UsageError) {
    const command = COMMANDS.find((candidate) => candidate.name === error.command)
    const hint = command ? `Usage: jwt-hooks ${command.name} ${command.args}`.trimEnd() : 'Run "jwt-hooks --help" for the commands.'
    process.stderr.write(`jwt-hooks: ${error.message}\n${hint}\n`)
    return error.exitCode
  }
  if (error instanceof CliError) {
    process.stderr.write(`jwt-hooks: ${error.message}\n`)
    return error.exitCode
  }
  // ConfigError and key errors already start with "jwt-hooks:"; anything else gets its kind, never a stack.
  const message = error instanceof Error ? error.message : String(error)
  const shown = error instanceof ConfigError || message.startsWith('jwt-hooks:') ? message : `jwt-hooks: ${(error as Error).name ?? 'Error'}: ${message}`
  process.stderr.write(`${shown}\n`)
  return 1
}
