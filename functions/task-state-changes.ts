// ECS Task State Change events (source aws.ecs), RUNNING and STOPPED only, delivered by EventBridge through the
// TaskStateChanges queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
import { createEc2Client, createEcsClient, createIamClient } from "../shared/aws/clients.ts";
import { ecsStateReader } from "../shared/hydrate/ecs-state-reader.ts";
import { iamRoleReader } from "../shared/hydrate/iam-role-reader.ts";
import { networkInterfaceReader } from "../shared/hydrate/network-interface-reader.ts";
import { routeHandler } from "../shared/runtime/route-handler.ts";

// The tasks' network interfaces, the revisions they run, and those revisions' task roles.
export const handler = routeHandler("TaskStateChanges", (region) => {
  const ec2 = createEc2Client();
  const ecs = createEcsClient();
  const iam = createIamClient(region);
  return () => ({ ...networkInterfaceReader(ec2), ...ecsStateReader(ecs), ...iamRoleReader(iam) });
});
