import type { RefreshRequestInput } from '../../src/request/schema';
import { requestInput } from './factories';

const TAG_KEYS = Array.from({ length: 47 }, (_, i) => `k${String(i).padStart(2, '0')}`);

/**
 * A valid request of exactly `bytes` bytes as JSON: its 16 instances carry the cluster's 47 tag keys
 * (an instance's tags and its cluster's count once), whose values are filled up to 256 characters.
 */
export function requestOfBytes(bytes: number, overrides: Partial<RefreshRequestInput> = {}): RefreshRequestInput {
  // Value lengths: the cluster's 47 tags, then each instance's.
  const tags: number[] = new Array<number>(TAG_KEYS.length * 17).fill(0);
  const build = (): RefreshRequestInput => {
    const tagMap = (offset: number) => Object.fromEntries(TAG_KEYS.map((key, i) => [key, 'v'.repeat(tags[offset * TAG_KEYS.length + i]!)]));
    return requestInput({
      target: {
        clusterId: 'staging-orders',
        tags: tagMap(0),
        instances: Array.from({ length: 16 }, (_, n) => ({ id: `staging-orders-${n + 1}`, instanceClass: 'db.r6g.large', tags: tagMap(n + 1) })),
      },
      ...overrides,
    });
  };
  let missing = bytes - Buffer.byteLength(JSON.stringify(build()));
  for (let i = 0; i < tags.length && missing > 0; i += 1) {
    const add = Math.min(256, missing);
    tags[i] = add;
    missing -= add;
  }
  if (missing !== 0) throw new Error(`cannot build a valid request of ${bytes} bytes`);
  return build();
}
