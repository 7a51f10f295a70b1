import type { RolePermissions } from "../iam/role-permissions.ts";
import type { ReadRequest } from "../model/cloudtrail.ts";
import type { Resolvable } from "../model/resolvable.ts";
import type { InventoryReader } from "./inventory-reader.ts";

/** What a read returned: the API-shaped documents (none when the resource is gone), or why it was skipped. */
export type ReadOutcome = { readonly documents: readonly unknown[] } | { readonly skipped: string };

/** Reads that make one: all their documents, or skipped as the first skipped one is (a partial whole passes nothing). */
export function combinedOutcome(outcomes: readonly ReadOutcome[]): ReadOutcome {
  const skipped = outcomes.find((outcome) => "skipped" in outcome);
  return (
    skipped ?? { documents: outcomes.flatMap((outcome) => ("documents" in outcome ? outcome.documents : [])) }
  );
}

/** Reads state an event lacks. The deployed functions call ECS and IAM; replay answers from the event or skips. */
export interface StateReader {
  read(request: ReadRequest): Promise<ReadOutcome>;
  /**
   * The permissions of a role of the event's account, by role name: `undefined` when the role does not exist,
   * Unresolved with the reason when this reader does not read IAM. Any other failure rejects, so the record
   * is retried.
   */
  readRolePermissions(roleName: string): Promise<Resolvable<RolePermissions | undefined>>;
  /** The EC2 instance with this id, in DescribeInstances' `Instances[]` shape: none when EC2 does not know it. */
  readEc2Instance(instanceId: string): Promise<ReadOutcome>;
  /** The tasks placed on a container instance of the cluster, in DescribeTasks' `tasks[]` shape. */
  readContainerInstanceTasks(cluster: string, containerInstanceArn: string): Promise<ReadOutcome>;
  /**
   * The network interfaces with these ids, in DescribeNetworkInterfaces' `NetworkInterfaces[]` shape, in as few
   * calls as possible: an interface that no longer exists is left out.
   */
  readNetworkInterfaces(networkInterfaceIds: readonly string[]): Promise<ReadOutcome>;
  /** What the account holds, listed for the sweep. */
  readonly inventory: InventoryReader;
}
