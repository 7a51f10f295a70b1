import type { AwsSecurityFinding, AwsSecurityFindingFilters } from "@aws-sdk/client-securityhub";
import type { Inventory, SweepStep } from "../../events/schemas/sweep.ts";
import { type GuardrailsConfig, isEnabled } from "../engine/config.ts";
import { type FindingContext, productArn, toArchivedFinding } from "../findings/to-asff.ts";
import { chunksOf } from "../model/chunks.ts";
import type { ResourceKind } from "../model/types.ts";
import type { Policy } from "../policies/define-policy.ts";

/** GetFindings takes up to 20 values a filter attribute. */
const GENERATOR_IDS_PER_STEP = 20;

/**
 * How long before a sweep a finding must have been last updated to be archived by it: a resource created just
 * before the sweep may not be listed yet (ECS's List calls are eventually consistent), and its finding is recent.
 */
export const ARCHIVE_MARGIN_MILLISECONDS = 15 * 60 * 1000;

/** How long an API must go without a throttled call before its throttling finding is archived. */
export const THROTTLING_QUIET_MILLISECONDS = 24 * 60 * 60 * 1000;

/**
 * The inventory a kind's findings are checked against. Account settings are no resources that could be deleted
 * unseen: their findings are updated by their own events (DeleteAccountSetting archives a setting's).
 */
export const INVENTORY_OF_KIND: Readonly<Partial<Record<ResourceKind, Inventory>>> = {
  Cluster: "clusters",
  Service: "services",
  ServiceEvent: "services",
  TaskSet: "services",
  TaskDefinition: "task-definitions",
  CapacityProvider: "capacity-providers",
  Task: "tasks",
  RunningTask: "tasks",
  ContainerInstance: "container-instances",
  ApiThrottling: "throttled-apis",
};

/** How long before the sweep a finding of the inventory must have been last updated to be archived. */
function quietPeriodOf(inventory: Inventory): number {
  return inventory === "throttled-apis" ? THROTTLING_QUIET_MILLISECONDS : ARCHIVE_MARGIN_MILLISECONDS;
}

/** Why a finding whose resource the inventory does not hold is archived. */
function goneReason(inventory: Inventory, sweepTime: string): string {
  return inventory === "throttled-apis"
    ? "no throttled call of this API for 24 hours: the throttling is over"
    : `the sweep of ${sweepTime} no longer finds the resource: it was deleted (or stopped) without an event the guardrail received`;
}

/** One archive step for each inventory and each 20 of its kinds' policies (disabled ones too: they may have published). */
export function archiveSteps(policies: readonly Policy[], sweepId: string): SweepStep[] {
  const byInventory = new Map<Inventory, string[]>();
  for (const policy of policies) {
    const inventory = INVENTORY_OF_KIND[policy.resource];
    if (inventory === undefined) continue;
    byInventory.set(inventory, [...(byInventory.get(inventory) ?? []), policy.id]);
  }
  return [...byInventory].flatMap(([inventory, policyIds]) =>
    chunksOf(policyIds, GENERATOR_IDS_PER_STEP).map(
      (generatorIds): SweepStep => ({
        step: "archive",
        sweepId,
        inventory,
        generatorIds,
        updatedBefore: new Date(Date.parse(sweepId) - quietPeriodOf(inventory)).toISOString(),
      }),
    ),
  );
}

/** The guardrail's own ACTIVE findings of the step's policies in this account and region, last updated before the cutoff. */
export function archiveFilters(
  step: Extract<SweepStep, { step: "archive" }>,
  scope: Pick<FindingContext, "partition" | "region" | "account">,
): AwsSecurityFindingFilters {
  const equals = (Value: string) => ({ Value, Comparison: "EQUALS" as const });
  return {
    ProductArn: [equals(productArn(scope.partition, scope.region, scope.account))],
    AwsAccountId: [equals(scope.account)],
    Region: [equals(scope.region)],
    GeneratorId: step.generatorIds.map(equals),
    RecordState: [equals("ACTIVE")],
    UpdatedAt: [{ End: step.updatedBefore }],
  };
}

/**
 * The ids a resource is known by in its inventory: its own, or for a task set, its service's (a task set lives as
 * long as its service; one deleted from a live service is archived by its DeleteTaskSet event).
 */
export function inventoryKeys(kind: ResourceKind, resourceId: string): string[] {
  if (kind !== "TaskSet") return [resourceId];
  const match = /^(arn:[^:]+:ecs:[^:]+:\d+:)task-set\/([^/]+)\/([^/]+)\//.exec(resourceId);
  if (match === null) return [resourceId];
  const [, prefix, cluster, service] = match;
  // Services created before the long ARN format have ARNs without their cluster.
  return [`${prefix}service/${cluster}/${service}`, `${prefix}service/${service}`];
}

/**
 * The stored findings to archive, as archived findings under their own ids: those of a policy that is turned off
 * (nothing updates them any more), and those whose resource the inventory does not hold. A finding of a policy the
 * guardrail does not know, or whose id it would not build itself, is left alone.
 */
export function findingsToArchive(
  inventory: Inventory,
  stored: readonly AwsSecurityFinding[],
  existing: ReadonlySet<string>,
  policies: readonly Policy[],
  config: GuardrailsConfig,
  context: FindingContext,
): AwsSecurityFinding[] {
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  return stored.flatMap((finding) => {
    const policy = byId.get(finding.GeneratorId ?? "");
    const resourceId = finding.Resources?.[0]?.Id;
    if (policy === undefined || resourceId === undefined) return [];
    const reason = !isEnabled(policy, config)
      ? `the policy ${policy.id} is turned off, so nothing updates this finding any more`
      : inventoryKeys(policy.resource, resourceId).some((key) => existing.has(key))
        ? undefined
        : goneReason(inventory, context.observedAt);
    if (reason === undefined) return [];
    const archived = toArchivedFinding(
      policy,
      policy.resource,
      { resourceId, document: undefined },
      context,
      reason,
    );
    if (archived.Id !== finding.Id) return [];
    // The stored resource, with the type and details it was published with.
    return [{ ...archived, Resources: finding.Resources }];
  });
}
