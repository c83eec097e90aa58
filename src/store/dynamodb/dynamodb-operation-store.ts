import { ConditionalCheckFailedException, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, paginateQuery, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { describeIssues } from '../../events/parse-event';
import { CorruptStateError, LockHeldError, OperationExistsError, VersionConflictError } from '../../errors';
import { operationSchema, summarize, type Operation, type OperationSummary } from '../operation';
import { isAbandonedLock, readsSource, type OperationStore, type TargetLock } from '../operation-store';
import { eventKey, lockKey, TABLE_LAYOUT } from './table-layout';

const lockSchema = z.object({
  pk: z.string(),
  itemType: z.literal('lock'),
  lockTarget: z.string(),
  holderOperationId: z.string(),
  acquiredAt: z.string(),
});

export interface DynamoDbOperationStoreOptions {
  tableName: string;
  /** An existing client (tests, the simulation), or config to build one. */
  client?: DynamoDBDocumentClient;
  clientConfig?: DynamoDBClientConfig;
}

/** The stored item of an operation: the domain record plus the table's key and item type. */
function toItem(operation: Operation): Record<string, unknown> {
  const source = readsSource(operation);
  return {
    [TABLE_LAYOUT.partitionKey]: operation.operationId,
    itemType: 'operation',
    ...operation,
    ...(source !== undefined ? { [TABLE_LAYOUT.bySourcePartitionKey]: source } : {}),
  };
}

/** The domain record of a stored item (its table key and item type left out), or why it cannot be read. */
export function operationFromItem(item: Record<string, unknown>): ReturnType<typeof operationSchema.safeParse> {
  const { [TABLE_LAYOUT.partitionKey]: _key, itemType: _type, [TABLE_LAYOUT.bySourcePartitionKey]: _source, ...record } = item;
  return operationSchema.safeParse(record);
}

function parseOperation(item: Record<string, unknown>, operationId: string): Operation {
  const parsed = operationFromItem(item);
  if (!parsed.success) {
    throw new CorruptStateError(`Stored operation ${operationId} does not match the schema: ${describeIssues(parsed.error).join('; ')}`, { operationId });
  }
  return parsed.data;
}

function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');
}

/**
 * The operation store on DynamoDB. Writes are whole-item puts conditional on `version`, which keeps
 * every write simple to reason about (and works on dynalite, which lacks transactions).
 */
export class DynamoDbOperationStore implements OperationStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbOperationStoreOptions) {
    this.tableName = options.tableName;
    this.client =
      options.client ??
      DynamoDBDocumentClient.from(new DynamoDBClient(options.clientConfig ?? {}), {
        marshallOptions: { removeUndefinedValues: true },
      });
  }

  public async create(operation: Operation): Promise<void> {
    const item = toItem(this.validate(operation));
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_LAYOUT.partitionKey },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new OperationExistsError(operation.operationId);
      throw error;
    }
  }

  public async get(operationId: string): Promise<Operation | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: operationId }, ConsistentRead: true }));
    return result.Item === undefined ? undefined : parseOperation(result.Item, operationId);
  }

  public async save(operation: Operation, expectedVersion: number): Promise<Operation> {
    const next = this.validate({ ...operation, version: expectedVersion + 1 });
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(next),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return next;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The old item comes back in DynamoDB's wire format (the document client does not convert error
      // payloads); not every implementation returns it, so read it when it is missing.
      const returned = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      const found = returned !== undefined ? (unmarshall(returned).version as number | undefined) : (await this.get(operation.operationId))?.version;
      throw new VersionConflictError(expectedVersion, typeof found === 'number' ? found : undefined, {
        operationId: operation.operationId,
        step: operation.step,
        cause: error,
      });
    }
  }

  public async listByTarget(target: string, limit: number): Promise<OperationSummary[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_LAYOUT.byTargetIndex,
        KeyConditionExpression: '#target = :target',
        ExpressionAttributeNames: { '#target': TABLE_LAYOUT.byTargetPartitionKey },
        ExpressionAttributeValues: { ':target': target },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => summarize(parseOperation(item, String(item.pk))));
  }

  public async listRunningBySource(sourceClusterKey: string): Promise<OperationSummary[]> {
    const names = { '#source': TABLE_LAYOUT.bySourcePartitionKey };
    const values = { ':source': sourceClusterKey };
    let items: Record<string, unknown>[] = [];
    try {
      const pages = paginateQuery(
        { client: this.client },
        { TableName: this.tableName, IndexName: TABLE_LAYOUT.bySourceIndex, KeyConditionExpression: '#source = :source', ExpressionAttributeNames: names, ExpressionAttributeValues: values, ProjectionExpression: TABLE_LAYOUT.partitionKey },
      );
      for await (const page of pages) items.push(...(page.Items ?? []));
    } catch (error) {
      // A table created before the index existed: the same answer from a filtered scan (the table
      // holds operations for OPERATION_TTL_DAYS only), rather than refusing every refresh.
      if (!(error instanceof Error && error.name === 'ValidationException' && /index/i.test(error.message))) throw error;
      items = await this.scanAll('#source = :source', names, values);
    }
    // The index is eventually consistent: each hit is read again, consistently, and kept only if it
    // still reads the source (an operation that ended or released its target meanwhile does not).
    const operations = await Promise.all(items.map((item) => this.get(String(item[TABLE_LAYOUT.partitionKey]))));
    return operations.filter((operation): operation is Operation => operation !== undefined && readsSource(operation) === sourceClusterKey).map(summarize);
  }

  private async scanAll(filter: string, names: Record<string, string>, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, FilterExpression: filter, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ConsistentRead: true, ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}) }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  public async acquireLock(target: string, operationId: string, now: Date): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: lockKey(target), itemType: 'lock', lockTarget: target, holderOperationId: operationId, acquiredAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(#pk) OR #holder = :me',
          ExpressionAttributeNames: { '#pk': TABLE_LAYOUT.partitionKey, '#holder': 'holderOperationId' },
          ExpressionAttributeValues: { ':me': operationId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const holder = await this.getLock(target);
      if (holder !== undefined && (await this.takeOverFinishedHolder(target, holder, operationId, now))) return;
      throw new LockHeldError(target, holder?.holderOperationId ?? 'unknown', { operationId, cause: error });
    }
  }

  /**
   * A lock whose holder finished (its release was lost to a crash or an error) or no longer exists
   * is taken over, conditionally on the holder still being the same, so two takers cannot both win.
   */
  private async takeOverFinishedHolder(target: string, holder: TargetLock, operationId: string, now: Date): Promise<boolean> {
    const holderOperation = await this.get(holder.holderOperationId);
    if (!isAbandonedLock(holder, holderOperation, now)) return false;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: lockKey(target), itemType: 'lock', lockTarget: target, holderOperationId: operationId, acquiredAt: now.toISOString() },
          ConditionExpression: '#holder = :previous',
          ExpressionAttributeNames: { '#holder': 'holderOperationId' },
          ExpressionAttributeValues: { ':previous': holder.holderOperationId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  public async releaseLock(target: string, operationId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: lockKey(target) },
          ConditionExpression: '#holder = :me',
          ExpressionAttributeNames: { '#holder': 'holderOperationId' },
          ExpressionAttributeValues: { ':me': operationId },
        }),
      );
    } catch (error) {
      // Not ours (or already gone): releasing someone else's lock would be the real bug.
      if (!isConditionFailure(error)) throw error;
    }
  }

  public async getLock(target: string): Promise<TargetLock | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: lockKey(target) }, ConsistentRead: true }));
    if (result.Item === undefined) return undefined;
    const lock = lockSchema.parse(result.Item);
    return { target: lock.lockTarget, holderOperationId: lock.holderOperationId, acquiredAt: lock.acquiredAt };
  }

  public async wasEventHandled(eventId: string): Promise<boolean> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: eventKey(eventId) }, ConsistentRead: true }));
    return result.Item !== undefined;
  }

  public async markEventHandled(eventId: string, now: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: eventKey(eventId), itemType: 'event', seenAt: now.toISOString(), [TABLE_LAYOUT.ttlAttribute]: Math.floor(now.getTime() / 1000) + 86_400 },
      }),
    );
  }

  public async listRunning(): Promise<Operation[]> {
    // The table holds operations for OPERATION_TTL_DAYS only: a filtered scan stays small, and the
    // sweep that calls it runs every quarter of an hour.
    const items = await this.scanAll('#type = :operation AND #status = :running', { '#type': 'itemType', '#status': 'status' }, { ':operation': 'operation', ':running': 'RUNNING' });
    return items.map((item) => parseOperation(item, String(item[TABLE_LAYOUT.partitionKey])));
  }


  private validate(operation: Operation): Operation {
    const parsed = operationSchema.safeParse(operation);
    if (!parsed.success) {
      throw new CorruptStateError(`Refusing to write operation ${operation.operationId}: ${describeIssues(parsed.error).join('; ')}`, {
        operationId: operation.operationId,
      });
    }
    return parsed.data;
  }
}
