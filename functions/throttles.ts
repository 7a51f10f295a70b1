// Calls ECS made on the user's behalf to EC2, Elastic Load Balancing and Cloud Map that were throttled, as CloudTrail
// records them ("AWS API Call via CloudTrail"), delivered by EventBridge through the Throttles queue:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/operating-at-scale-dealing-with-throttles.html
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

// The handler factory takes every client; the throttles evaluator reads nothing, so only Security Hub and SQS are called.
export const handler = createSqsHandler({
  route: runtimeRoute("Throttles"),
  config,
  clients: {
    ec2: createEc2Client(),
    ecs: createEcsClient(),
    iam: createIamClient(config.region),
    securityHub: createSecurityHubClient(),
    sqs: createSqsClient(),
  },
});
