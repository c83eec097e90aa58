import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_SETTING_NAMES, PASS_THROUGH_VARIABLES, STACK_PROVIDED_VARIABLES } from '../../../src/deploy/deploy-settings';

const ROOT = join(__dirname, '..', '..', '..');

/** The variable names src/config.ts's environment schema declares, read from its source. */
function functionVariables(): string[] {
  const source = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');
  const block = source.slice(source.indexOf('const environmentSchema = z.object({'), source.indexOf('\n});', source.indexOf('const environmentSchema')));
  return [...block.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!);
}

const example = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');

describe('.env.example and the deployment', () => {
  it('finds the function variables in src/config.ts (guards the parsing below)', () => {
    expect(functionVariables()).toEqual(expect.arrayContaining(['AWS_REGION', 'TABLE_NAME', 'LOG_LEVEL', 'WAIT_STRATEGY']));
  });

  it('sets every variable the function reads: from the stack, from .env, or by Lambda (AWS_REGION)', () => {
    expect([...functionVariables()].sort()).toEqual(['AWS_REGION', ...STACK_PROVIDED_VARIABLES, ...PASS_THROUGH_VARIABLES].sort());
  });

  it.each([...new Set([...functionVariables(), ...DEPLOY_SETTING_NAMES])])('documents %s with a comment and an example', (name) => {
    // Assess: a `NAME=` line (commented out for the stack's own), right under a comment.
    const index = example.findIndex((line) => new RegExp(`^(# )?${name}=`).test(line));
    expect(index).toBeGreaterThan(0);
    expect(example[index - 1]).toMatch(/^#/);
  });
});
