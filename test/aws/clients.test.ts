import { describe, expect, it } from "vitest";
import { createEcsClient, createSecurityHubClient, createSqsClient } from "../../shared/aws/clients.ts";

describe("AWS clients", () => {
  it.each([
    ["ECS", createEcsClient],
    ["Security Hub", createSecurityHubClient],
    ["SQS", createSqsClient],
  ])("%s retries adaptively, so throttling slows the caller instead of failing it", async (_, create) => {
    const client = create();
    expect((await client.config.retryStrategy()).constructor.name).toBe("AdaptiveRetryStrategy");
    expect(await client.config.maxAttempts()).toBe(5);
  });
});
