import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

/**
 * DynamoDB in memory (dynalite) on a free local port, for tests of code that relies on DynamoDB's own
 * semantics (conditional writes, validation of keys and expressions) rather than on a mock's idea of them.
 */
export interface LocalDynamoDb {
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  // Tables are ACTIVE at once: the tests need no waiting.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    // A refused request must reach the test as it is, not after retries.
    maxAttempts: 1,
  });
  return {
    client,
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
