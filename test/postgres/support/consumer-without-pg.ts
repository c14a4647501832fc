import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { copyWithDependencies } from '../../package/support/express-only-consumer'
import { cleanEnv } from '../../cli/support/run-cli'

const ROOT = resolve(__dirname, '../../..')

/** A folder where jwt-hooks is installed with FoalTS and TypeORM, and neither pg nor sqlite3. */
export interface Consumer {
  dir: string
  /** The built CLI and demo as installed there. */
  cli: string
  demo: string
  /** An environment that finds no package outside the folder (no NODE_PATH). */
  env: NodeJS.ProcessEnv
  /** Copies more packages (and what they depend on) into its node_modules. */
  add(names: string[]): void
  remove(): void
}

/**
 * Lays out node_modules as `npm install jwt-hooks @foal/core typeorm reflect-metadata
 * class-validator class-transformer` would: copies of those packages and of everything they
 * depend on from this checkout, and jwt-hooks itself (package.json and the build in dist/, which
 * pretest makes, with the demo page). pg and sqlite3, optional peers of both jwt-hooks and TypeORM, are not there.
 */
export function consumerWithoutPg(): Consumer {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-no-pg-')))
  const modules = join(dir, 'node_modules')
  copyWithDependencies(['jsonwebtoken', 'yaml', '@foal/core', 'typeorm', 'reflect-metadata', 'class-validator', 'class-transformer'], modules)
  const installed = join(modules, 'jwt-hooks')
  mkdirSync(installed)
  cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true })
  // The demo page's files, where the demo looks first (page/ beside its module): the TypeScript
  // build does not copy them, and the checkout's src/ is not part of an install.
  cpSync(join(ROOT, 'src/demo/page'), join(installed, 'dist/demo/page'), { recursive: true })
  const env = cleanEnv()
  delete env.NODE_PATH
  return {
    dir,
    cli: join(installed, 'dist/cli/main.js'),
    demo: join(installed, 'dist/demo/main.js'),
    env,
    add: (names) => copyWithDependencies(names, modules),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
