// ECS Task State Change events (source aws.ecs), RUNNING and STOPPED only, delivered by EventBridge through the
// TaskStateChanges queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
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

export const handler = createSqsHandler({
  route: runtimeRoute("TaskStateChanges"),
  config,
  clients: {
    ec2: createEc2Client(),
    ecs: createEcsClient(),
    iam: createIamClient(config.region),
    securityHub: createSecurityHubClient(),
    sqs: createSqsClient(),
  },
});
