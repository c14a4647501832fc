import { addressGroup } from './address-group'

describe('addressGroup', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7'],
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:0::/56'],
    ['2001:db8:1:2ff:ffff:ffff:ffff:ffff', '2001:db8:1:200::/56'],
    ['2001:db8:1:200::', '2001:db8:1:200::/56'],
    ['2001:DB8:1:2AB:1:2:3:4', '2001:db8:1:200::/56'],
    ['2001:db8:1:300::1', '2001:db8:1:300::/56'],
    ['2001:db8::', '2001:db8:0:0::/56'],
    ['::1', '0:0:0:0::/56'],
    ['fe80::1%eth0', 'fe80:0:0:0::/56'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/56'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, group) => {
    expect(addressGroup(address)).toBe(group)
  })

  test('every address of one /56 is one group; the next /56 is another', () => {
    const groups = new Set(['2001:db8:a:b00::1', '2001:db8:a:b01::1', '2001:db8:a:bff:1234::9'].map(addressGroup))
    expect([...groups, addressGroup('2001:db8:a:c00::1')]).toStrictEqual(['2001:db8:a:b00::/56', '2001:db8:a:c00::/56'])
  })
})
