/**
 * Two suites, selectable on their own (`npm run test:unit`, `npm run test:integration`):
 * unit tests need nothing running; integration tests start dynalite and PostgreSQL themselves.
 * `npm test` runs both.
 */
// The AWS SDK warns once per process that Node 20 (the development machines') will not be supported
// after January 2027; the deployed runtime is Node 22. Tests and the processes they start need not say so.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
