import { readFileSync } from 'node:fs'
import { join } from 'node:path'

type Result = { steps: { kind: string; command: string }[] } | { error: string }

// What .ci/run reads from the README to run, in order.
const { readmeCommands } = require('../../.ci/readme-commands.js') as { readmeCommands(markdown: string): Result }

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8')
const start = (first: string, tests = '```sh\nnpm test\n```') => `# jwt-hooks\n\nStart:\n\n\`\`\`sh\n${first}\n\`\`\`\n\nRun the tests:\n\n${tests}\n`

describe("CI runs the README's commands in the README's order: install (npm ci), setup, a short start, the tests", () => {
  test('from the README as it is', () => {
    expect(readmeCommands(README)).toStrictEqual({
      steps: [
        { kind: 'install', command: 'npm ci' },
        { kind: 'run', command: 'npm run setup' },
        { kind: 'start', command: 'npm start' },
        { kind: 'test', command: 'npm test' },
      ],
    })
  })

  test('.ci/run takes its steps from the README', () => {
    expect(readFileSync(join(__dirname, '../../.ci/run'), 'utf8')).toMatch(/^steps=\$\(node \.ci\/readme-commands\.js\)/m)
  })

  test.each([
    ['setup dropped', 'npm install && npm start', { steps: [{ kind: 'install', command: 'npm ci' }, { kind: 'start', command: 'npm start' }, { kind: 'test', command: 'npm test' }] }],
    ['start before setup', 'npm install && npm start && npm run setup', { error: `README.md's first command is "npm install && npm start && npm run setup": expected npm install, then npm run <script>s, then npm start, joined by &&` }],
    ['another installer', 'yarn && npm run setup && npm start', { error: `README.md's first command is "yarn && npm run setup && npm start": expected npm install, then npm run <script>s, then npm start, joined by &&` }],
    ['no start', 'npm install && npm run setup', { error: `README.md's first command is "npm install && npm run setup": expected npm install, then npm run <script>s, then npm start, joined by &&` }],
  ])('a README whose first command has %s: %j', (_case, first, expected) => {
    expect(readmeCommands(start(first))).toStrictEqual(expected)
  })

  test('a README without the test command says so', () => {
    expect(readmeCommands(start('npm install && npm run setup && npm start', '```sh\nnpx jest\n```'))).toStrictEqual({
      error: 'README.md names no test command: expected a block with the one line "npm test" after "Run the tests"',
    })
  })

  test('a README without any command says so', () => {
    expect(readmeCommands('# jwt-hooks\n\nNothing to run.\n')).toStrictEqual({
      error: 'README.md starts with no one-line shell block (npm install && npm run setup && npm start)',
    })
  })
})
