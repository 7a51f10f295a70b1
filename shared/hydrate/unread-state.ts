import { unresolved } from "../model/resolvable.ts";
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
  };
}
