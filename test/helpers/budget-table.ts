import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BUDGET_TABLE } from "../../shared/remediation/budget.ts";

let created = 0;

/**
 * A remediation budget table as the stack creates it (on demand, string partition key), a fresh one each call so
 * that no test sees another's counters, returned once it takes writes.
 */
export async function createBudgetTable(client: DynamoDBClient): Promise<string> {
  created += 1;
  const tableName = `remediation-budget-${created}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: BUDGET_TABLE.partitionKey, AttributeType: "S" }],
      KeySchema: [{ AttributeName: BUDGET_TABLE.partitionKey, KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  // dynalite answers CREATING and turns the table ACTIVE on its next tick: writes before that are refused.
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return tableName;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
