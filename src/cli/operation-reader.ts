import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { OperationStatus } from '../constants';
import { DynamoDbOperationStore } from '../store/dynamodb/dynamodb-operation-store';
import { TABLE_LAYOUT } from '../store/dynamodb/table-layout';
import { operationFromItem } from '../store/dynamodb/dynamodb-operation-store';
import { summarize, type Operation, type OperationSummary } from '../store/operation';
import { CliError, explainAwsError } from './cli-error';
import { EXIT } from './exit-codes';
import type { Settings } from './settings';

/** Which operations `list` shows. */
export interface ListQuery {
  target?: string;
  status?: OperationStatus;
  limit: number;
}

/** What the read commands need from the table. */
export interface OperationReader {
  /** The operation, or a CliError (exit 4) naming the id, the table and how to find the right id. */
  get(operationId: string): Promise<Operation>;
  /** The operation, or undefined while it does not exist yet (a start just sent). */
  find(operationId: string): Promise<Operation | undefined>;
  /** Newest first. */
  list(query: ListQuery): Promise<OperationSummary[]>;
}

/**
 * Reads operations through the store's public interface (`get`, `listByTarget`). The store has no
 * query for "every target" or "by status", and its interface belongs to the engine, so `list` with
 * `--status` or without `--target` queries the table here, validating each item with the store's
 * own operation schema: a filtered query on the per-target index, or a filtered scan (the table
 * keeps finished operations for their TTL only, so it stays small).
 */
export function createOperationReader(settings: Settings): OperationReader {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: settings.region, maxAttempts: 3, ...(settings.profile !== undefined ? { profile: settings.profile } : {}) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const store = new DynamoDbOperationStore({ tableName: settings.tableName, client: documentClient });
  const explained = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw explainAwsError(error, settings, 'table');
    }
  };

  async function collect(kind: 'query' | 'scan', input: QueryCommandInput | ScanCommandInput, enough: (items: Operation[]) => boolean): Promise<Operation[]> {
    const found: Operation[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        kind === 'query' ? new QueryCommand({ ...(input as QueryCommandInput), ExclusiveStartKey: startKey }) : new ScanCommand({ ...(input as ScanCommandInput), ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const parsed = operationFromItem(item);
        // An item this version cannot read is skipped here; `status <id>` names its problem.
        if (parsed.success) found.push(parsed.data);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && !enough(found));
    return found;
  }

  return {
    get: async (operationId) => {
      const operation = await explained(() => store.get(operationId));
      if (operation === undefined) {
        throw new CliError(
          `No operation ${operationId} in table ${settings.tableName} (${settings.region}).`,
          `Check the id (\`aurora-restore list${settings.repeatFlags}\` shows the newest), and the stage: --stage <stage>.`,
          EXIT.notFound,
          { operationId },
        );
      }
      return operation;
    },
    find: (operationId) => explained(() => store.get(operationId)),
    list: ({ target, status, limit }) =>
      explained(async () => {
        const lowerTarget = target?.toLowerCase();
        if (lowerTarget !== undefined && status === undefined) return store.listByTarget(lowerTarget, limit);
        const statusFilter = status !== undefined ? { expression: '#status = :status', values: { ':status': status } } : undefined;
        if (lowerTarget !== undefined) {
          const items = await collect(
            'query',
            {
              TableName: settings.tableName,
              IndexName: TABLE_LAYOUT.byTargetIndex,
              KeyConditionExpression: '#target = :target',
              FilterExpression: statusFilter?.expression,
              ExpressionAttributeNames: { '#target': TABLE_LAYOUT.byTargetPartitionKey, ...(statusFilter ? { '#status': 'status' } : {}) },
              ExpressionAttributeValues: { ':target': lowerTarget, ...statusFilter?.values },
              ScanIndexForward: false,
            },
            (found) => found.length >= limit,
          );
          return items.slice(0, limit).map(summarize);
        }
        const items = await collect(
          'scan',
          {
            TableName: settings.tableName,
            FilterExpression: `#type = :operation${statusFilter ? ` AND ${statusFilter.expression}` : ''}`,
            ExpressionAttributeNames: { '#type': 'itemType', ...(statusFilter ? { '#status': 'status' } : {}) },
            ExpressionAttributeValues: { ':operation': 'operation', ...statusFilter?.values },
          },
          () => false,
        );
        return items
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, limit)
          .map(summarize);
      }),
  };
}
