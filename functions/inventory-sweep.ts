// The inventory sweep: its schedule's "Scheduled Event" starts a sweep, and the steps it sends itself through the
// default event bus continue it. Both reach this function through the InventorySweep queue.
import {
  createEc2Client,
  createEcsClient,
  createIamClient,
  createSecurityHubClient,
} from "../shared/aws/clients.ts";
import { containerInstanceReader } from "../shared/hydrate/container-instance-reader.ts";
import { ecsStateReader } from "../shared/hydrate/ecs-state-reader.ts";
import { iamRoleReader } from "../shared/hydrate/iam-role-reader.ts";
import { inventoryReader } from "../shared/hydrate/inventory-reader.ts";
import { routeHandler } from "../shared/runtime/route-handler.ts";

// The account's inventory and the guardrail's own findings; the revisions in use and their task roles; the EC2
// instances behind container instances and the tasks on them.
export const handler = routeHandler("InventorySweep", (region) => {
  const ec2 = createEc2Client();
  const ecs = createEcsClient();
  const iam = createIamClient(region);
  const securityHub = createSecurityHubClient();
  return () => ({
    ...ecsStateReader(ecs),
    ...iamRoleReader(iam),
    ...containerInstanceReader(ec2, ecs),
    inventory: inventoryReader(ecs, securityHub),
  });
});
