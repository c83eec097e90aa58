import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../../src/local/local-dynamodb';
import { DynamoDbOperationStore } from '../../../src/store/dynamodb/dynamodb-operation-store';
import { describeOperationStoreContract, storedOperation } from '../../support/operation-store-contract';

let db: LocalDynamoDb;
let store: DynamoDbOperationStore;

beforeAll(async () => {
  db = await startLocalDynamoDb(`ops-${Date.now()}`);
  store = new DynamoDbOperationStore({ tableName: db.tableName, client: db.documentClient });
});
afterAll(async () => db.stop());

describeOperationStoreContract('DynamoDbOperationStore on dynalite', () => store);

describe('DynamoDbOperationStore on dynalite', () => {
  it('keeps the table key and item type out of the domain operation', async () => {
    const op = storedOperation();
    await store.create(op);
    const raw = await db.documentClient.send(new GetCommand({ TableName: db.tableName, Key: { pk: op.operationId } }));
    expect(raw.Item).toMatchObject({ pk: op.operationId, itemType: 'operation', operationId: op.operationId });
    expect(await store.get(op.operationId)).toEqual(op);
  });

  it('answers which operations read a source from a filtered scan on a table created before the per-source index', async () => {
    // Prepare: a table with the key alone, as an older stack created it.
    const oldTable = `ops-old-${Date.now()}`;
    await db.documentClient.send(
      new CreateTableCommand({ TableName: oldTable, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    const old = new DynamoDbOperationStore({ tableName: oldTable, client: db.documentClient });
    const reading = storedOperation({ facts: { sourceClusterKey: '111111111111:eu-west-1:prod-old' } });
    await old.create(reading);

    // Act
    const found = await old.listRunningBySource('111111111111:eu-west-1:prod-old');

    // Assess
    expect(found.map((op) => op.operationId)).toEqual([reading.operationId]);
  });

  it('reads every page of the per-source index, and each hit again consistently', async () => {
    // Prepare: five operations reading one source, and an index answering two at a time.
    const source = '111111111111:eu-west-1:prod-paged';
    const readers = Array.from({ length: 5 }, (_, index) => storedOperation({ target: `paged-${index}`, facts: { sourceClusterKey: source } }));
    for (const reader of readers) await store.create(reader);
    const send = db.documentClient.send.bind(db.documentClient);
    const sent = jest.spyOn(db.documentClient, 'send').mockImplementation(((command: { input: Record<string, unknown> }) => {
      if (command instanceof QueryCommand && command.input.IndexName === 'bySource') command.input.Limit = 2;
      return send(command as never);
    }) as never);

    try {
      // Act
      const found = await store.listRunningBySource(source);

      // Assess
      expect(found.map((op) => op.operationId).sort()).toEqual(readers.map((op) => op.operationId).sort());
      const queries = sent.mock.calls.filter(([command]) => command instanceof QueryCommand).length;
      const reads = sent.mock.calls.filter(([command]) => command instanceof GetCommand).length;
      expect(queries).toBe(3);
      expect(reads).toBe(5);
    } finally {
      sent.mockRestore();
    }
  });

  it('refuses to read an item that breaks the schema', async () => {
    const op = storedOperation();
    await store.create(op);
    await db.documentClient.send(new PutCommand({ TableName: db.tableName, Item: { pk: op.operationId, itemType: 'operation', ...op, version: 'x' } }));
    await expect(store.get(op.operationId)).rejects.toThrow(/does not match the schema: version/);
  });
});
