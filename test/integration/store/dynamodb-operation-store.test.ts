import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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

  it('refuses to read an item that breaks the schema', async () => {
    const op = storedOperation();
    await store.create(op);
    await db.documentClient.send(new PutCommand({ TableName: db.tableName, Item: { pk: op.operationId, itemType: 'operation', ...op, version: 'x' } }));
    await expect(store.get(op.operationId)).rejects.toThrow(/does not match the schema: version/);
  });
});
