import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

import { compile } from '../../adapters/support/built-package'

const ROOT = resolve(__dirname, '../../..')
const MODULES = join(ROOT, 'node_modules')

/** A folder where `npm install` put the packed jwt-hooks beside Express, and nothing else. */
export interface ExpressOnlyConsumer {
  dir: string
  /** The top-level packages in its node_modules before and after installing the tarball. */
  before: string[]
  after: string[]
  /** An environment for its processes: no NODE_PATH, no npm_* or SETTINGS_* variables. */
  env: NodeJS.ProcessEnv
  remove(): void
}

/**
 * Packs a build of src (`npm pack`: what the registry would serve), gives a consumer folder
 * Express with its dependencies (copies from this repository's node_modules, with their bin
 * links, as npm leaves them), then runs `npm install --offline <tarball>` there with an empty
 * npm cache: npm can neither download nor find anything else, so the tarball's dependencies
 * must be satisfied by what is there, and its optional peers are left out by npm itself.
 * jsonwebtoken and yaml (the package's two dependencies) are copied in too, as npm would
 * have installed them with `npm install jwt-hooks express`.
 */
export function installPackedBesideExpress(): ExpressOnlyConsumer {
  const base = mkdtempSync(join(tmpdir(), 'jwt-hooks-packed-'))
  const env = childEnv()
  const tarball = pack(base, env)
  const dir = join(base, 'consumer')
  mkdirSync(dir)
  const express = JSON.parse(readFileSync(join(MODULES, 'express/package.json'), 'utf8')).version as string
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { express } }))
  copyWithDependencies(['express', 'jsonwebtoken', 'yaml'], join(dir, 'node_modules'))
  const before = topLevel(join(dir, 'node_modules'))
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(base, 'empty-npm-cache'), tarball], { cwd: dir, env, stdio: 'pipe' })
  return { dir, before, after: topLevel(join(dir, 'node_modules')), env, remove: () => rmSync(base, { recursive: true, force: true }) }
}

function pack(base: string, env: NodeJS.ProcessEnv): string {
  const packageDir = join(base, 'jwt-hooks')
  mkdirSync(packageDir)
  for (const file of ['package.json', 'README.md']) copyFileSync(join(ROOT, file), join(packageDir, file))
  compile(join(packageDir, 'dist'))
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', base], { cwd: packageDir, env, encoding: 'utf8' }))
  return join(base, filename)
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|NODE_PATH$|SETTINGS_|PORT$|HOST$)/i.test(name)) env[name] = value
  }
  return env
}

/** Copies packages and everything they depend on, each to the same place under `to` as here. */
export function copyWithDependencies(names: string[], to: string): void {
  const found = new Set<string>()
  const visit = (dir: string): void => {
    if (found.has(dir)) return
    found.add(dir)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const optionalPeers = new Set(Object.keys(pkg.peerDependenciesMeta ?? {}).filter((name) => pkg.peerDependenciesMeta[name].optional))
    const wanted = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name))]
    for (const name of [...wanted, ...Object.keys(pkg.optionalDependencies ?? {})]) {
      const where = lookUp(name, dir)
      if (where !== undefined) visit(where)
      else if (!(name in (pkg.optionalDependencies ?? {}))) throw new Error(`${name}, a dependency of ${dir}, is not installed`)
    }
  }
  for (const name of names) visit(join(MODULES, name))
  for (const dir of found) cpSync(dir, join(to, relative(MODULES, dir)), { recursive: true, dereference: true })
  linkBins(to)
}

/** Where Node finds `name` from a package folder: its own node_modules, then each one above, up to ours. */
function lookUp(name: string, from: string): string | undefined {
  for (let dir = from; dir.startsWith(MODULES); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
  }
  const top = join(MODULES, name)
  return existsSync(join(top, 'package.json')) ? top : undefined
}

// npm reinstalls (from the registry) a top-level package whose bin links are missing.
function linkBins(modules: string): void {
  mkdirSync(join(modules, '.bin'), { recursive: true })
  for (const name of topLevel(modules)) {
    const pkg = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'))
    const bins: Record<string, string> = typeof pkg.bin === 'string' ? { [name.split('/').pop()!]: pkg.bin } : (pkg.bin ?? {})
    for (const [bin, file] of Object.entries(bins)) {
      // Linked already by an earlier copy into the same folder.
      if (!existsSync(join(modules, '.bin', bin))) symlinkSync(join('..', name, file), join(modules, '.bin', bin))
    }
  }
}

/** The package names at the top of a node_modules folder (scoped ones as `@scope/name`). */
export function topLevel(modules: string): string[] {
  return readdirSync(modules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry]))
    .sort()
}
