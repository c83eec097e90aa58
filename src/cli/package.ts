import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeArtifact } from '../deploy/package-report';
import { packageService } from '../deploy/package-service';

/**
 * `npm run package [-- --stage <stage>] [--out <dir>]`: builds the deployment offline (no AWS
 * account or credentials needed), then prints the template's path and the bundle's size.
 * `npx sls deploy --package <dir>` deploys exactly this build.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stage: { type: 'string' }, out: { type: 'string', default: '.serverless' } },
  });
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
