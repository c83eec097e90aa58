'use strict';
/**
 * serverless.yml reads the parts of the template that depend on configuration from here, e.g.
 * `${file(./src/deploy/serverless-variables.cjs):iamStatements}`. The logic is TypeScript
 * (generated-template.ts), loaded through tsx so it is type-checked and validates nightly requests
 * with the handler's own schemas. Everything is built once per packaging and validated together.
 */
const path = require('node:path');
const { require: tsxRequire } = require('tsx/cjs/api');

const projectDir = path.resolve(__dirname, '..', '..');
let built;

async function generated(resolveVariable) {
  if (built !== undefined) return built;
  // Resolved first: the framework may ask again later if one of these is not resolvable yet.
  const [service, stage, functionName, timeout] = await Promise.all([
    resolveVariable('self:service'),
    resolveVariable('sls:stage'),
    resolveVariable('self:functions.dispatcher.name'),
    resolveVariable('self:functions.dispatcher.timeout'),
  ]);
  const { buildDeployment } = tsxRequire('./deployment.ts', __filename);
  const { generateTemplate } = tsxRequire('./generated-template.ts', __filename);
  const identity = { service, stage, functionName, functionTimeoutSeconds: Number(timeout) };
  try {
    built = generateTemplate(buildDeployment(identity, process.env, projectDir));
  } catch (error) {
    // A configuration mistake is reported by its message alone: the framework prints the stack.
    if (error && error.name === 'ConfigurationError') error.stack = `${error.message}`;
    throw error;
  }
  return built;
}

const part = (name) => async ({ resolveVariable }) => (await generated(resolveVariable))[name];

module.exports = {
  /** Left out of the bundle: pg-native (never used) and, unless BUNDLE_AWS_SDK=true, the runtime's AWS SDK. */
  bundleExclude: () => ['pg-native', ...(process.env.BUNDLE_AWS_SDK === 'true' ? [] : ['@aws-sdk/*'])],
  environment: part('environment'),
  iamStatements: part('iamStatements'),
  vpc: part('vpc'),
  logRetentionInDays: part('logRetentionInDays'),
  deletionProtection: part('deletionProtection'),
  reservedConcurrency: part('reservedConcurrency'),
  resources: part('resources'),
};
