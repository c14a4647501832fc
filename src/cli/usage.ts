import type { Command } from './command'

/** The help text: every command with its arguments and summary. */
export function usage(commands: readonly Command[]): string {
  const lines = commands.map((command) => [`${command.name} ${command.args}`.trim(), command.summary] as const)
  const width = Math.max(...lines.map(([left]) => left.length)) + 3
  return [
    'Usage: jwt-hooks <command> [arguments]',
    '',
    'Commands:',
    ...lines.map(([left, summary]) => `  ${left.padEnd(width)}${summary}`),
    '',
    'Options: -h, --help shows this help.',
    'Reads the working directory: settings.jwt.* from the environment, .env or config/;',
    'the database from ormconfig.json (default: SQLite file db.sqlite3).',
    'Exit codes: 0 done, 1 failed, 2 bad usage.',
    '',
  ].join('\n')
}
