/**
 * Two suites, selectable on their own (`npm run test:unit`, `npm run test:integration`):
 * unit tests need nothing running; integration tests start dynalite and PostgreSQL themselves.
 * `npm test` runs both.
 */
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    { tsconfig: { module: 'commonjs', moduleResolution: 'node10', target: 'ES2022', isolatedModules: true, esModuleInterop: true } },
  ],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/unit'],
      setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/integration'],
      setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
      globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/postgres-global-teardown.ts',
    },
  ],
};
