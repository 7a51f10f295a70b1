import { describe, expect, it } from "vitest";
import {
  createEcsClient,
  createIamClient,
  createSecurityHubClient,
  createSqsClient,
} from "../../shared/aws/clients.ts";

describe("AWS clients", () => {
  it.each([
    ["ECS", createEcsClient],
    ["IAM", () => createIamClient("eu-west-1")],
    ["Security Hub", createSecurityHubClient],
    ["SQS", createSqsClient],
  ])("%s retries adaptively, so throttling slows the caller instead of failing it", async (_, create) => {
    const client = create();
    expect((await client.config.retryStrategy()).constructor.name).toBe("AdaptiveRetryStrategy");
    expect(await client.config.maxAttempts()).toBe(5);
  });

  it.each([
    ["eu-west-1", "us-east-1"],
    ["us-east-1", "us-east-1"],
    ["cn-northwest-1", "cn-north-1"],
    ["us-gov-east-1", "us-gov-west-1"],
  ])("signs IAM requests from %s for the partition's global region %s", async (functionRegion, iamRegion) => {
    expect(await createIamClient(functionRegion).config.region()).toBe(iamRegion);
  });
});
