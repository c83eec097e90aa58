import { resolve } from 'node:path';
import { Command } from 'commander';
import { describeArtifact } from '../deploy/package-report';
import { packageService } from '../deploy/package-service';
import { parsedOptions } from './exit-codes';

/**
 * `npm run package [-- --stage <stage>] [--out <dir>]`: builds the deployment offline (no AWS
 * account or credentials needed), then prints the template's path and the bundle's size.
 * `npx sls deploy --package <dir>` deploys exactly this build.
 */
async function main(): Promise<void> {
  const program = new Command('npm run package --')
    .description('Build the deployment offline (no AWS account needed): validate .env and the nightly file, write the CloudFormation template and the zip, print the bundle size.')
    .option('--stage <stage>', 'the stage to build for; reads .env.<stage> if it exists, else .env (default dev)')
    .option('--out <dir>', 'where the template and the zip go', '.serverless')
    .addHelpText('after', '\nThen `npx sls deploy --package <dir>` deploys exactly this build.\nExit codes: 0 built, 1 a setting is invalid or the build failed, 3 bad options.')
    .exitOverride();
  const values = parsedOptions<{ stage?: string; out: string }>(program);
  if (values === undefined) return;
  const serviceDir = process.cwd();
  const result = await packageService({
    serviceDir,
    outputDir: resolve(serviceDir, values.out),
    ...(values.stage !== undefined ? { stage: values.stage } : {}),
  });
  console.log(`CloudFormation template: ${result.templatePath}`);
  for (const artifact of result.artifacts) console.log(describeArtifact(artifact).join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
