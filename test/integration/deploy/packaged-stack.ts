import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageService, type PackageResult } from '../../../src/deploy/package-service';

/**
 * Packages the real serverless.yml offline in a copy of the project (so no developer `.env` leaks in
 * and parallel runs do not share `.serverless/`), with the settings and files a test gives, and reads
 * the CloudFormation template `sls deploy` would send.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** A resource of the packaged template. */
export type PackagedResource = { Type: string; Condition?: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties: Record<string, any> };

/** The packaged template, as far as the tests read it. */
export interface PackagedTemplate {
  Resources: Record<string, PackagedResource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

/** One packaged stack and how to clean up after it. */
export interface PackagedStack {
  result: PackageResult;
  template: PackagedTemplate;
  /** The template as the framework wrote it. */
  templateText: string;
  /**
   * The resolved service the framework saved beside the template (serverless-state.json), which
   * `sls deploy --package` deploys: it holds what is not in the template, such as termination protection.
   */
  service: { provider: Record<string, any>; functions: Record<string, Record<string, any>> };
  remove(): void;
}

/** What to package: the stage, `.env`-style settings, and extra project files (path → content). */
export interface StackOptions {
  stage: string;
  settings: Record<string, string>;
  files?: Record<string, string>;
}

export async function packageStack(options: StackOptions): Promise<PackagedStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'aurora-restore-package-'));
  const remove = () => rmSync(workDir, { recursive: true, force: true });
  try {
    for (const entry of ['serverless.yml', 'package.json', 'tsconfig.json', 'src']) cpSync(join(ROOT, entry), join(workDir, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(workDir, 'node_modules'), 'dir');
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workDir, path)), { recursive: true });
      writeFileSync(join(workDir, path), content);
    }
    const result = await packageService({
      serviceDir: workDir,
      outputDir: join(workDir, 'out'),
      stage: options.stage,
      environment: { PATH: process.env.PATH, HOME: workDir, ...options.settings },
    });
    const templateText = readFileSync(result.templatePath, 'utf8');
    const state = JSON.parse(readFileSync(join(dirname(result.templatePath), 'serverless-state.json'), 'utf8'));
    return { result, template: JSON.parse(templateText), templateText, service: state.service, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
