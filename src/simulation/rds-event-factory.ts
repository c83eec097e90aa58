import type { RdsEvent } from '../events/schema';
import type { SimulatedEventId } from './simulation-config';

const EVENTS: Record<SimulatedEventId, { detailType: RdsEvent['detail-type']; sourceType: string; category: string; message: string }> = {
  'RDS-EVENT-0170': { detailType: 'RDS DB Cluster Event', sourceType: 'CLUSTER', category: 'creation', message: 'DB cluster created' },
  'RDS-EVENT-0171': { detailType: 'RDS DB Cluster Event', sourceType: 'CLUSTER', category: 'deletion', message: 'DB cluster deleted' },
  'RDS-EVENT-0172': { detailType: 'RDS DB Cluster Event', sourceType: 'CLUSTER', category: 'configuration change', message: 'Renamed cluster' },
  'RDS-EVENT-0005': { detailType: 'RDS DB Instance Event', sourceType: 'DB_INSTANCE', category: 'creation', message: 'DB instance created' },
  'RDS-EVENT-0003': { detailType: 'RDS DB Instance Event', sourceType: 'DB_INSTANCE', category: 'deletion', message: 'DB instance deleted' },
  'RDS-EVENT-0006': { detailType: 'RDS DB Instance Event', sourceType: 'DB_INSTANCE', category: 'availability', message: 'DB instance restarted' },
};

/** The resource an event is about. */
export interface EventSubject {
  id: string;
  arn: string;
  accountId: string;
  region: string;
}

/** An RDS event with every field EventBridge puts on it, not only those the dispatcher reads. */
export interface EventBridgeRdsEvent extends RdsEvent {
  version: string;
  id: string;
  account: string;
  region: string;
  resources: string[];
  detail: RdsEvent['detail'] & { EventCategories: string[]; Date: string };
}

/**
 * An RDS event as EventBridge delivers it (`source: aws.rds`, `detail-type`, `detail.EventID`…),
 * so the dispatcher parses simulated events with the same schema as real ones.
 */
export function buildRdsEvent(eventId: SimulatedEventId, subject: EventSubject, at: Date, sequence: number): EventBridgeRdsEvent {
  const spec = EVENTS[eventId];
  const time = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return {
    version: '0',
    id: `sim-${sequence.toString().padStart(8, '0')}-${eventId.slice(-4)}`,
    'detail-type': spec.detailType,
    source: 'aws.rds',
    account: subject.accountId,
    time,
    region: subject.region,
    resources: [subject.arn],
    detail: {
      EventCategories: [spec.category],
      SourceType: spec.sourceType,
      SourceArn: subject.arn,
      Date: at.toISOString(),
      Message: spec.message,
      SourceIdentifier: subject.id,
      EventID: eventId,
    },
  };
}
