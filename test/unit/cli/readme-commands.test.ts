import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import { prepareStart } from '../../../src/cli/start-request';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

/** `--help` of a command, run in-process (no AWS is reached for help). */
async function helpOf(command: string): Promise<string> {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const fail = () => {
    throw new Error('help reached a service');
  };
  const code = await runCli([command, '--help'], { stdout, stderr: stdout, environment: {}, cwd: '/nonexistent', readStdin: fail, now: () => new Date(), sleep: async () => undefined }, { reader: fail, dispatcher: fail });
  if (code !== 0) throw new Error(`${command} --help exited ${code}: ${text}`);
  return text;
}

/** Every `npx aurora-restore <command> …` line of the README (continuation lines joined). */
function commandLines(): { command: string; flags: string[] }[] {
  const joined = README.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/npx aurora-restore (\w+)([^\n#|]*)/g)].map((match) => ({ command: match[1] as string, flags: [...(match[2] ?? '').matchAll(/--[a-z-]+/g)].map((flag) => flag[0]) }));
}

describe("the README's command lines", () => {
  it('include every command an operator needs', () => {
    expect(new Set(commandLines().map((line) => line.command))).toEqual(new Set(['start', 'plan', 'status', 'watch', 'list', 'cancel', 'resume', 'demo']));
  });

  it.each(commandLines().map((line) => [`${line.command} ${line.flags.join(' ')}`, line]))('aurora-restore %s uses only options the command has', async (_label, line) => {
    const help = await helpOf(line.command);
    for (const flag of line.flags) expect(help).toMatch(new RegExp(`${flag}[ ,<\\n]`));
  });

  it('give a request file the function accepts', () => {
    // Prepare: the JSON block after "e.g. `staging-orders.json`".
    const block = /e\.g\. `staging-orders\.json`:\n\n```json\n([\s\S]+?)\n```/.exec(README)?.[1];
    expect(block).toBeDefined();

    // Act
    const prepared = prepareStart({ request: '-' }, () => block as string, new Date());

    // Assess
    expect(prepared.target).toBe('staging-orders');
  });
});
