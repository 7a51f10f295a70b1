// ECS native "ECS Container Instance State Change" events, delivered by EventBridge through the
// ContainerInstanceStateChanges queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
import { createEc2Client, createEcsClient } from "../shared/aws/clients.ts";
import { containerInstanceReader } from "../shared/hydrate/container-instance-reader.ts";
import { ecsStateReader } from "../shared/hydrate/ecs-state-reader.ts";
import { routeHandler } from "../shared/runtime/route-handler.ts";

// The EC2 instance, and the tasks on it with the network modes of their revisions.
export const handler = routeHandler("ContainerInstanceStateChanges", () => {
  const ec2 = createEc2Client();
  const ecs = createEcsClient();
  return () => ({ ...containerInstanceReader(ec2, ecs), ...ecsStateReader(ecs) });
});
