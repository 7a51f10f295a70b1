import { ECSClient } from "@aws-sdk/client-ecs";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
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

export function createSecurityHubClient(): SecurityHubClient {
  return new SecurityHubClient(common);
}

export function createSqsClient(): SQSClient {
  return new SQSClient(common);
}
