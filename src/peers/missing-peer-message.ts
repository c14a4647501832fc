/**
 * What to say when a part of the package is used without the packages it needs: which ones,
 * and the one command that installs them at the versions this package was built against.
 * @param part what was used, e.g. `the package root`.
 * @param missing the packages not installed, in the order to name them.
 * @param ranges the version range of each (this package's `peerDependencies`).
 * @example
 * missingPeerMessage('the demo server', ['@foal/core'], { '@foal/core': '~4.6.0' })
 * // 'jwt-hooks: the demo server needs @foal/core, which is not installed: npm install @foal/core@~4.6.0'
 */
export function missingPeerMessage(part: string, missing: readonly string[], ranges: Readonly<Record<string, string>>): string {
  const names = missing.length === 1 ? `${missing[0]}, which is` : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}, which are`
  const specs = missing.map((name) => (ranges[name] === undefined ? name : `${name}@${ranges[name]}`))
  return `jwt-hooks: ${part} needs ${names} not installed: npm install ${specs.join(' ')}`
}
