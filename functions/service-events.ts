// ECS native events about services ("ECS Deployment State Change", "ECS Service Action"), delivered by
// EventBridge through the ServiceEvents queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
import {
  createEc2Client,
  createEcsClient,
  createIamClient,
  createSecurityHubClient,
  createSqsClient,
} from "../shared/aws/clients.ts";
import { policies } from "../shared/policies/index.ts";
import { runtimeConfig } from "../shared/runtime/config.ts";
import { runtimeRoute } from "../shared/runtime/runtime-routes.ts";
import { createSqsHandler } from "../shared/runtime/sqs-handler.ts";

const config = runtimeConfig(policies);

// The handler factory takes every client; this route's evaluators read nothing, so only Security Hub and SQS are called.
export const handler = createSqsHandler({
  route: runtimeRoute("ServiceEvents"),
  config,
  clients: {
    ec2: createEc2Client(),
    ecs: createEcsClient(),
    iam: createIamClient(config.region),
    securityHub: createSecurityHubClient(),
    sqs: createSqsClient(),
  },
});
