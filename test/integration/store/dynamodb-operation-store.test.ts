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

  it('refuses to read an item that breaks the schema', async () => {
    const op = storedOperation();
    await store.create(op);
    await db.documentClient.send(new PutCommand({ TableName: db.tableName, Item: { pk: op.operationId, itemType: 'operation', ...op, version: 'x' } }));
    await expect(store.get(op.operationId)).rejects.toThrow(/does not match the schema: version/);
  });
});
