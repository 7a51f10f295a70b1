// ECS native "ECS Container Instance State Change" events, delivered by EventBridge through the
// ContainerInstanceStateChanges queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
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

// The handler factory takes every client; this route reads EC2 and ECS, and never IAM.
export const handler = createSqsHandler({
  route: runtimeRoute("ContainerInstanceStateChanges"),
  config,
  clients: {
    ec2: createEc2Client(),
    ecs: createEcsClient(),
    iam: createIamClient(config.region),
    securityHub: createSecurityHubClient(),
    sqs: createSqsClient(),
  },
});
