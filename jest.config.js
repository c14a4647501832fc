/** Behaviour tests in test/, unit specs beside the code in src/. */
module.exports = {
  // Every test file runs in an empty working directory of its own: see test/support/isolated-environment.ts.
  testEnvironment: '<rootDir>/test/support/isolated-environment.ts',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: false }] },
  setupFiles: ['<rootDir>/test/setup-env.ts', 'reflect-metadata'],
  testTimeout: 30000,
  // One Redis and one PostgreSQL for the whole run (unless the environment names them): test/global-setup.ts.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
}
