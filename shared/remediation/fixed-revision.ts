import type {
  DescribeTaskDefinitionResponse,
  RegisterTaskDefinitionRequest,
  TaskDefinition,
} from "@aws-sdk/client-ecs";
import { readRevisionArn } from "../model/arns.ts";
import {
  type FieldChange,
  type FixablePolicyId,
  type Refusal,
  type RoleRequirement,
  TASK_DEFINITION_FIXES,
} from "./task-definition-fixes.ts";

/**
 * The fields DescribeTaskDefinition returns that RegisterTaskDefinition does not accept: ECS sets them.
 * Everything else is copied, so a field ECS adds later is carried to the new revision rather than lost.
 */
export const RESPONSE_ONLY_FIELDS = [
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
  "deleteRequestedAt",
] as const satisfies readonly (keyof TaskDefinition)[];

const RESPONSE_ONLY: ReadonlySet<string> = new Set(RESPONSE_ONLY_FIELDS);

/** Tag keys (and values) starting with `aws:` are AWS's own (CloudFormation's stack tags): no request may set them. */
const SYSTEM_TAG_PREFIX = "aws:";

/**
 * What `fixedRevision` decided: register a new revision (the exact request, each change, and the permissions a role
 * must hold for it to run), nothing to do, or refused with the reasons. A refusal of any fix refuses them all, so
 * a revision is never half repaired.
 */
export type FixedRevision =
  | {
      readonly outcome: "register";
      readonly input: RegisterTaskDefinitionRequest;
      readonly changes: readonly FieldChange[];
      readonly roleRequirements: readonly RoleRequirement[];
    }
  | { readonly outcome: "already-fixed" }
  | { readonly outcome: "refused"; readonly refusals: readonly Refusal[] };

/**
 * The RegisterTaskDefinition request of a new revision that repairs the violations of `fixes`, from the task
 * definition as DescribeTaskDefinition returned it (with `include: ["TAGS"]`, or the tags are lost). It keeps every
 * other field, its roles and its tags, and changes only the containers that need a fix; the fixes apply in the
 * order of `TASK_DEFINITION_FIXES`, whatever the order of `fixes`. Tags in AWS's reserved `aws:` namespace cannot
 * be set by a request and are left to their owner (CloudFormation sets them again on its next update).
 */
export function fixedRevision(
  described: DescribeTaskDefinitionResponse,
  fixes: readonly FixablePolicyId[],
): FixedRevision {
  const { taskDefinition, tags } = described;
  const revision = readRevisionArn(taskDefinition?.taskDefinitionArn ?? "");
  const containerDefinitions = taskDefinition?.containerDefinitions;
  if (taskDefinition === undefined || revision === undefined || containerDefinitions === undefined) {
    const reason =
      "the response has no task definition revision ARN or no container definitions: ECS did not describe it";
    return {
      outcome: "refused",
      refusals: fixes.map((policyId) => ({ policyId, container: undefined, reason })),
    };
  }
  const userTags = tags?.filter(({ key, value }) => !isSystemTag(key) && !isSystemTag(value));
  let request: RegisterTaskDefinitionRequest = {
    ...(Object.fromEntries(
      Object.entries(taskDefinition).filter(([field]) => !RESPONSE_ONLY.has(field)),
    ) as Omit<TaskDefinition, (typeof RESPONSE_ONLY_FIELDS)[number]>),
    family: revision.family,
    containerDefinitions,
    ...(userTags !== undefined && userTags.length > 0 && { tags: userTags }),
  };
  const changes: FieldChange[] = [];
  const roleRequirements: RoleRequirement[] = [];
  const refusals: Refusal[] = [];
  for (const [policyId, fix] of Object.entries(TASK_DEFINITION_FIXES)) {
    if (!fixes.includes(policyId as FixablePolicyId)) continue;
    const outcome = fix(request, revision);
    if (outcome.outcome === "refused") {
      refusals.push(...outcome.refusals);
      continue;
    }
    request = outcome.request;
    changes.push(...outcome.changes);
    roleRequirements.push(...outcome.roleRequirements);
  }
  if (refusals.length > 0) return { outcome: "refused", refusals };
  if (changes.length === 0) return { outcome: "already-fixed" };
  return { outcome: "register", input: request, changes, roleRequirements };
}

function isSystemTag(text: string | undefined): boolean {
  return text?.toLowerCase().startsWith(SYSTEM_TAG_PREFIX) === true;
}
