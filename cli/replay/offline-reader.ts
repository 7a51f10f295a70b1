import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { unresolved } from "../../shared/model/resolvable.ts";

/**
 * Replay has no AWS access: a read is answered from what the event itself says of the resource
 * (e.g. the RegisterTaskDefinition request) where it can be, and skipped otherwise, so a resource
 * that could not be read yields no finding rather than a PASSED one.
 */
export const offlineReader: StateReader = {
  async read(request) {
    if (request.fromEvent !== undefined) return { documents: [request.fromEvent] };
    return {
      skipped: `replay makes no AWS calls, and the event alone does not describe the resource (${request.call} needed)`,
    };
  },
  // No event describes a role's policies, so policies that need them are UNKNOWN in replay.
  async readRolePermissions() {
    return unresolved("replay makes no AWS calls, so IAM is not read", "");
  },
  // Container instance events name the EC2 instance and the cluster, but describe neither it nor its tasks.
  async readEc2Instance() {
    return {
      skipped: "replay makes no AWS calls, so the EC2 instance is not described (DescribeInstances needed)",
    };
  },
  async readContainerInstanceTasks() {
    return {
      skipped: "replay makes no AWS calls, so the instance's tasks are not listed (ListTasks needed)",
    };
  },
  // Task events name a task's network interface but not its public IP, so running-task-public-ip is UNKNOWN.
  async readNetworkInterfaces() {
    return {
      skipped:
        "replay makes no AWS calls, so network interfaces are not described (DescribeNetworkInterfaces needed)",
    };
  },
};
