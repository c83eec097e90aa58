import { join } from 'node:path';
import { ConfigurationError } from '../../../src/errors';
import { startEventSchema } from '../../../src/events/schema';
import {
  deliveredStartEvent,
  loadNightlyTargets,
  nightlyStartEvent,
  parseNightlyTargets,
  SCHEDULED_TIME_PLACEHOLDER,
} from '../../../src/deploy/nightly-targets';
import { requestInput } from '../../support/factories';
import { nightlyEntry } from './fixtures';

const PROJECT_DIR = join(__dirname, '..', '..', '..');

describe('parseNightlyTargets', () => {
  it('keeps the request as written, names the target and says who asked', () => {
    // Act
    const [target] = parseNightlyTargets({ targets: [nightlyEntry({ name: undefined, timezone: undefined })] }, 'nightly.json');

    // Assess
    expect(target).toMatchObject({
      name: 'staging-orders',
      schedule: 'cron(0 2 * * ? *)',
      timezone: 'UTC',
      enabled: true,
      requestInput: { ...requestInput(), requestedBy: 'nightly:staging-orders' },
    });
    expect(target?.request.target.clusterId).toBe('staging-orders');
  });

  it.each([
    ['a clone', { type: 'clone' as const, clusterId: 'prod-orders' }],
    ['a point-in-time restore', { type: 'point-in-time' as const, clusterId: 'prod-orders', restoreType: 'copy-on-write' as const }],
  ])('accepts %s as the nightly source, and refuses it across regions with the reason', (_case, source) => {
    // Act
    const [target] = parseNightlyTargets({ targets: [nightlyEntry({ request: { ...requestInput(), source } })] }, 'nightly.json');
    const crossRegion = () => parseNightlyTargets({ targets: [nightlyEntry({ request: { ...requestInput(), source: { ...source, region: 'eu-central-1' } } })] }, 'nightly.json');

    // Assess
    expect(target?.request.source).toMatchObject(source);
    expect(crossRegion).toThrow(/source\.region: a (clone|point-in-time restore) is made only in the source cluster's own region/);
  });

  it('keeps a requestedBy the request sets itself', () => {
    // Act
    const [target] = parseNightlyTargets({ targets: [nightlyEntry({ request: { ...requestInput(), requestedBy: 'dba-team' } })] }, 'nightly.json');

    // Assess
    expect(target?.requestInput.requestedBy).toBe('dba-team');
  });

  it('builds a start event that the dispatcher accepts once Scheduler fills in the time', () => {
    // Prepare
    const [target] = parseNightlyTargets({ targets: [nightlyEntry()] }, 'nightly.json');
    const input = JSON.stringify(nightlyStartEvent(target!));

    // Act
    const delivered = startEventSchema.parse(deliveredStartEvent(input, '2026-11-25T01:00:00Z'));

    // Assess
    expect(input).toContain(`"idempotencyKey":"${SCHEDULED_TIME_PLACEHOLDER}"`);
    expect(delivered.idempotencyKey).toBe('2026-11-25T01:00:00Z');
    expect(delivered.request.target.clusterId).toBe('staging-orders');
  });

  it.each([
    [{ schedule: 'rate(1 day)' }, /targets\.0\.schedule: must be a Scheduler cron expression/],
    [{ schedule: 'cron(0 2 * * *)' }, /targets\.0\.schedule: must be a Scheduler cron expression/],
    [{ timezone: 'Mars/Olympus' }, /targets\.0\.timezone: must be an IANA time zone/],
    [{ name: 'nightly staging' }, /targets\.0\.name: must be 1–40 letters/],
    [{ extra: true }, /targets\.0: Unrecognized key/i],
    [{ request: { ...requestInput(), target: { clusterId: 'staging-orders', instances: [] } } }, /targets\.0\.request\.target\.instances: must configure at least one instance/],
    [{ request: { ...requestInput(), sauce: 1 } }, /targets\.0\.request: Unrecognized key/i],
  ])('rejects an entry with %j, naming the field', (overrides, message) => {
    // Act
    const parse = () => parseNightlyTargets({ targets: [nightlyEntry(overrides)] }, 'nightly.json');

    // Assess
    expect(parse).toThrow(ConfigurationError);
    expect(parse).toThrow(message);
  });

  it.each([
    ['name', [nightlyEntry(), nightlyEntry({ request: requestInput({ target: { clusterId: 'qa-orders', instances: [{ id: 'qa-orders-1', instanceClass: 'db.r6g.large' }] } }) })], /share the name staging/],
    ['target cluster', [nightlyEntry(), nightlyEntry({ name: 'again' })], /share the target cluster staging-orders/],
  ])('rejects two entries sharing a %s', (_what, entries, message) => {
    expect(() => parseNightlyTargets({ targets: entries }, 'nightly.json')).toThrow(message);
  });

  it('rejects a start event larger than Scheduler accepts', () => {
    // Prepare
    const tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`tag-${i}`, 'x'.repeat(250)]));
    const entry = nightlyEntry({ request: { ...requestInput(), target: { ...requestInput().target, tags } } });

    // Act / Assess
    expect(() => parseNightlyTargets({ targets: [entry] }, 'nightly.json')).toThrow(/characters; Scheduler accepts at most 8192/);
  });
});

describe('loadNightlyTargets', () => {
  it('accepts the example file shipped with the project', () => {
    // Act
    const targets = loadNightlyTargets('src/deploy/nightly-targets.example.json', PROJECT_DIR);

    // Assess
    expect(targets.map((t) => [t.name, t.request.target.clusterId, t.timezone])).toEqual([['staging', 'staging-orders', 'Europe/Berlin']]);
  });

  it.each([
    ['a missing file', 'src/deploy/no-such-file.json', /NIGHTLY_TARGETS_FILE src\/deploy\/no-such-file\.json cannot be read/],
    ['a file that is not JSON', 'README.md', /NIGHTLY_TARGETS_FILE README.md is not valid JSON/],
    ['JSON of another shape', 'tsconfig.json', /Invalid nightly targets in tsconfig\.json: targets: /],
  ])('fails clearly on %s', (_what, file, message) => {
    expect(() => loadNightlyTargets(file, PROJECT_DIR)).toThrow(message);
  });
});
