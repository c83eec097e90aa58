import { parseEvent } from '../../../src/events/parse-event';
import { buildRdsEvent } from '../../../src/simulation/rds-event-factory';
import type { SimulatedEventId } from '../../../src/simulation/simulation-config';

describe('simulated RDS events', () => {
  it.each<[SimulatedEventId, string, string, string]>([
    ['RDS-EVENT-0170', 'RDS DB Cluster Event', 'CLUSTER', 'DB cluster created'],
    ['RDS-EVENT-0171', 'RDS DB Cluster Event', 'CLUSTER', 'DB cluster deleted'],
    ['RDS-EVENT-0005', 'RDS DB Instance Event', 'DB_INSTANCE', 'DB instance created'],
    ['RDS-EVENT-0003', 'RDS DB Instance Event', 'DB_INSTANCE', 'DB instance deleted'],
  ])('%s is shaped as EventBridge delivers it and parses as an RDS event', (eventId, detailType, sourceType, message) => {
    // Prepare
    const subject = { id: 'staging', arn: 'arn:aws:rds:eu-west-1:111111111111:cluster:staging', accountId: '111111111111', region: 'eu-west-1' };

    // Act
    const event = buildRdsEvent(eventId, subject, new Date('2026-11-25T03:04:05.678Z'), 7);

    // Assess
    expect(event).toEqual({
      version: '0',
      id: `sim-00000007-${eventId.slice(-4)}`,
      'detail-type': detailType,
      source: 'aws.rds',
      account: '111111111111',
      time: '2026-11-25T03:04:05Z',
      region: 'eu-west-1',
      resources: [subject.arn],
      detail: { EventCategories: [expect.any(String)], SourceType: sourceType, SourceArn: subject.arn, Date: '2026-11-25T03:04:05.678Z', Message: message, SourceIdentifier: 'staging', EventID: eventId },
    });
    expect(parseEvent(event).kind).toBe('rds');
  });
});
