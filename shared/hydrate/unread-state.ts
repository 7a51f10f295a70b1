import { unresolved } from "../model/resolvable.ts";
import type { InventoryReader } from "./inventory-reader.ts";
import type { StateReader } from "./state-reader.ts";

/**
 * A reader that reads nothing and says why: the base every reader is spread over, so a function bundles only
 * the AWS clients its route reads with, and a read it does not make yields no finding rather than a PASSED one.
 */
export function unreadState(why: string): StateReader {
  const skipped = (what: string, call: string) => ({ skipped: `${why}, so ${what} (${call} needed)` });
  return {
    read: async (request) => ({
      skipped: `${why}, and the event alone does not describe the resource (${request.call} needed)`,
    }),
    readRolePermissions: async () => unresolved(`${why}, so IAM is not read`, ""),
    readEc2Instance: async () => skipped("the EC2 instance is not described", "DescribeInstances"),
    readContainerInstanceTasks: async () => skipped("the instance's tasks are not listed", "ListTasks"),
    readNetworkInterfaces: async () =>
      skipped("network interfaces are not described", "DescribeNetworkInterfaces"),
    inventory: unlistedInventory(why),
  };
}

/** An inventory that lists nothing: every listing is skipped, so the sweep judges and archives nothing. */
function unlistedInventory(why: string): InventoryReader {
  const unlisted = (call: string) => async () => ({
    skipped: `${why}, so the account is not listed (${call} needed)`,
  });
  return {
    clusters: unlisted("ListClusters"),
    capacityProviders: unlisted("DescribeCapacityProviders"),
    accountDefaults: unlisted("ListAccountSettings"),
    serviceArns: unlisted("ListServices"),
    services: unlisted("DescribeServices"),
    taskArns: unlisted("ListTasks"),
    tasks: unlisted("DescribeTasks"),
    activeRevisions: unlisted("ListTaskDefinitions"),
    containerInstanceArns: unlisted("ListContainerInstances"),
    containerInstances: unlisted("DescribeContainerInstances"),
    containerInstanceOf: unlisted("ListContainerInstances"),
    findings: unlisted("GetFindings"),
  };
}
