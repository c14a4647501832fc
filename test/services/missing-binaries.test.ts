import { launchChromium } from '../support/browser'
import { startRedis } from '../support/services'
import { postgresBinDir } from '../support/services/system-binaries'

const HINT = 'or run `bash .ci/install-system-packages.sh` as root, which installs all the tests need.'

describe('a missing program: the error names the Debian package and the install script', () => {
  const saved = { PATH: process.env.PATH, CHROMIUM_PATH: process.env.CHROMIUM_PATH }
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  test('redis-server not on PATH', async () => {
    process.env.PATH = '/nonexistent'
    await expect(startRedis()).rejects.toThrow(
      new Error(`redis-server not found: install the Debian package redis-server (apt-get install -y redis-server), ${HINT}`),
    )
  })

  test('no PostgreSQL under the Debian folder', () => {
    expect(() => postgresBinDir('/nonexistent/postgresql')).toThrow(
      new Error(
        'PostgreSQL (/nonexistent/postgresql/*/bin/initdb) not found: install the Debian package postgresql ' +
          `(apt-get install -y postgresql), ${HINT}`,
      ),
    )
  })

  test('no Chromium where CHROMIUM_PATH points', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium'
    await expect(launchChromium()).rejects.toThrow(
      new Error(`Chromium (/nonexistent/chromium) not found: install the Debian package chromium (apt-get install -y chromium), ${HINT}`),
    )
  })
})
