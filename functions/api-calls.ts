// ECS API calls recorded by CloudTrail ("AWS API Call via CloudTrail", source aws.ecs), delivered by
// EventBridge through the ApiCalls queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
import { createEcsClient, createIamClient } from "../shared/aws/clients.ts";
import { ecsStateReader } from "../shared/hydrate/ecs-state-reader.ts";
import { iamRoleReader } from "../shared/hydrate/iam-role-reader.ts";
import { routeHandler } from "../shared/runtime/route-handler.ts";

// Describe* for what CloudTrail left out; the task roles' policies.
export const handler = routeHandler("ApiCalls", (region) => {
  const ecs = createEcsClient();
  const iam = createIamClient(region);
  return () => ({ ...ecsStateReader(ecs), ...iamRoleReader(iam) });
});
