import { missingPeerMessage } from './missing-peer-message'

const RANGES = { '@foal/core': '~4.6.0', typeorm: '~0.3.20', sqlite3: '~5.1.7' }

describe('missingPeerMessage: names what is missing and the one command that installs it', () => {
  test('one package', () => {
    expect(missingPeerMessage('the demo server', ['@foal/core'], RANGES)).toBe(
      'jwt-hooks: the demo server needs @foal/core, which is not installed: npm install @foal/core@~4.6.0',
    )
  })

  test('several packages, in the order given', () => {
    expect(missingPeerMessage('the package root', ['typeorm', '@foal/core', 'sqlite3'], RANGES)).toBe(
      'jwt-hooks: the package root needs typeorm, @foal/core and sqlite3, which are not installed: npm install typeorm@~0.3.20 @foal/core@~4.6.0 sqlite3@~5.1.7',
    )
  })

  test('a package without a known range is named alone', () => {
    expect(missingPeerMessage('the list-users command', ['pg'], RANGES)).toBe(
      'jwt-hooks: the list-users command needs pg, which is not installed: npm install pg',
    )
  })
})
