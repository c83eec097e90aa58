/**
 * The moment a long-running change really finished. The simulation records it apart from statuses and
 * events because it is the ground truth that detection lag is measured against.
 */

/** A long-running change that finished, at the virtual time it finished. */
export interface SimulatedCompletion {
  at: Date;
  kind: 'copy-available' | 'cluster-available' | 'instance-available' | 'cluster-gone' | 'instance-gone' | 'cluster-renamed' | 'instance-renamed' | 'instance-rebooted';
  id: string;
}
