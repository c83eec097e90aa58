import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandEventSchema, startEventSchema } from '../../../src/events/schema';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The JSON of every `npx sls invoke -f dispatcher --data '…'` in the README. */
function invokeExamples(): unknown[] {
  return [...README.matchAll(/npx sls invoke -f dispatcher --data '([^']+)'/g)].map((match) => JSON.parse(match[1]!));
}

describe("the README's invocation examples", () => {
  it('include a start request and commands', () => {
    expect(invokeExamples().length).toBeGreaterThanOrEqual(2);
  });

  it.each(invokeExamples().map((example) => [JSON.stringify(example).slice(0, 60), example]))('%s… is an event the dispatcher accepts', (_label, example) => {
    const schema = (example as { command?: unknown }).command === undefined ? startEventSchema : commandEventSchema;
    expect(schema.safeParse(example).error?.issues ?? []).toEqual([]);
  });
});
