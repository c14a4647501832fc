import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { ERROR_TABLE } from '../../src/core/errors/error-table'

// The README's error table is the one users read: it must say what the code answers.
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8')
const section = readme.slice(readme.indexOf('## The error table'), readme.indexOf('## Adapters'))
const rows = section
  .split('\n')
  .filter((line) => /^\| (\d+|—) \|/.test(line))
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim()))

describe('README error table', () => {
  test('has one row per entry of the table in the code, in the same order', () => {
    // DESIGN.md numbers rows 1 to 12; the rows after them have no number.
    const names = Object.keys(ERROR_TABLE)
    expect(rows.map(([number]) => number)).toStrictEqual(names.map((_, i) => (i < 12 ? String(i + 1) : '—')))
    expect(rows).toHaveLength(Object.keys(ERROR_TABLE).length)
  })

  test.each(Object.entries(ERROR_TABLE).map(([name, row], i) => ({ name, row, i })))(
    'row for $name says the same status, code and description',
    ({ row, i }) => {
      const [, , status, code, description] = rows[i]
      expect(Number(status)).toBe(row.status)
      if (!('code' in row)) {
        expect([code, description]).toStrictEqual(['(empty body)', ''])
        return
      }
      expect(code).toBe(`\`${row.code}\``)
      if ('description' in row) expect(description).toBe(`\`${row.description}\``)
      else expect(description).not.toBe('')
    },
  )
})

describe('README Install section', () => {
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## FoalTS hooks'))
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    peerDependencies: Record<string, string>
    peerDependenciesMeta: Record<string, { optional?: boolean }>
  }
  // "| `express`, `koa` | `^4.17.0 \|\| ^5.0.0`, `^2.13.0` | …": names and ranges, in order.
  const peers = install
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.replaceAll('\\|', '¦').split(' | '))
    .filter((cells) => cells.length === 3)
    .flatMap(([names, ranges]) => {
      const cells = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map(([, value]) => value.replaceAll('¦', '|'))
      const rangesOf = cells(ranges)
      return cells(names).map((name, i) => [name, rangesOf[i]])
    })

  test('its optional peer table names every peer dependency with its range, and every one is optional', () => {
    expect(Object.fromEntries(peers)).toStrictEqual(pkg.peerDependencies)
    expect(Object.keys(pkg.peerDependencies).filter((name) => pkg.peerDependenciesMeta[name]?.optional !== true)).toStrictEqual([])
  })

  test('it names the dependencies as they are', () => {
    expect(Object.keys(pkg.dependencies)).toStrictEqual(['jsonwebtoken', 'yaml'])
    expect(install).toContain('depends only on `jsonwebtoken` and `yaml`')
  })
})
