import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { TABLE_LAYOUT } from './table-layout';

/**
 * Creates the operations table as serverless.yml declares it. Used by the local simulation and the
 * integration tests (dynalite); in AWS, CloudFormation creates the table.
 */
export async function createOperationsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_LAYOUT.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_LAYOUT.byTargetPartitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_LAYOUT.byTargetSortKey, AttributeType: 'S' },
          { AttributeName: TABLE_LAYOUT.bySourcePartitionKey, AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: TABLE_LAYOUT.partitionKey, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_LAYOUT.byTargetIndex,
            KeySchema: [
              { AttributeName: TABLE_LAYOUT.byTargetPartitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_LAYOUT.byTargetSortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: TABLE_LAYOUT.bySourceIndex,
            KeySchema: [
              { AttributeName: TABLE_LAYOUT.bySourcePartitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_LAYOUT.byTargetSortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
