import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";

/**
 * SDK v3 clients as every function uses them: adaptive retry (client-side rate limiting when AWS
 * throttles), bounded attempts, and a user agent naming the guardrail in CloudTrail.
 * Created by the caller at module scope, never on import of shared code.
 */
const common = {
  retryMode: "adaptive",
  maxAttempts: 5,
  customUserAgent: [["ecs-guardrails", "0.1.0"]] as [string, string][],
};

export function createEcsClient(): ECSClient {
  return new ECSClient(common);
}

export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient(common);
}

export function createEc2Client(): EC2Client {
  return new EC2Client(common);
}

export function createSecurityHubClient(): SecurityHubClient {
  return new SecurityHubClient(common);
}

export function createEventBridgeClient(): EventBridgeClient {
  return new EventBridgeClient(common);
}

export function createSnsClient(): SNSClient {
  return new SNSClient(common);
}

export function createSqsClient(): SQSClient {
  return new SQSClient(common);
}

/**
 * IAM is a global service: one endpoint per partition, signed for that partition's global region, whatever
 * region the function runs in.
 */
export function createIamClient(functionRegion: string): IAMClient {
  return new IAMClient({ ...common, region: iamRegionOf(functionRegion) });
}

/** The region IAM requests are signed for in the partition of `region`. */
export function iamRegionOf(region: string): string {
  if (region.startsWith("cn-")) return "cn-north-1";
  if (region.startsWith("us-gov-")) return "us-gov-west-1";
  if (region.startsWith("us-isob-")) return "us-isob-east-1";
  if (region.startsWith("us-iso-")) return "us-iso-east-1";
  return "us-east-1";
}
