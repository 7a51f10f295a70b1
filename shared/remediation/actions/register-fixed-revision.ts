import { isDeepStrictEqual } from "node:util";
import {
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  type DescribeTaskDefinitionResponse,
  type ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionRequest,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { isUnresolved } from "../../model/resolvable.ts";
import type { TaskDefinition } from "../../model/types.ts";
import { type FixedRevision, fixedRevision, RESPONSE_ONLY_FIELDS } from "../fixed-revision.ts";
import { rolloutPlan } from "../rollout.ts";
import {
  type FixablePolicyId,
  type RoleRequirement,
  TASK_DEFINITION_FIXES,
} from "../task-definition-fixes.ts";
import { type ApiCall, defineAction, isAwsError, type Outcome, planCall, precluded } from "./action.ts";
import { SERVICE_UPDATE_PERMISSIONS } from "./service-update.ts";
import { servicesRunning } from "./services-running.ts";

const ID = "register-fixed-revision";

const FIXABLE_POLICIES = Object.keys(TASK_DEFINITION_FIXES) as FixablePolicyId[];

/** ECS answers DescribeTaskDefinition with a ClientException for a revision (or a family) it does not know. */
const UNKNOWN_TASK_DEFINITION = "ClientException";

// ECS answers UpdateService for a service deleted (or being deleted) since it was described with these.
const SERVICE_GONE = ["ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException"];

const ECS_ACCESS_DENIED = "AccessDeniedException";

/** The roles of a task definition are passed to ECS, for its tasks only. */
const PASSED_TO_ECS_TASKS = { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } };

/** Tags are set only as part of the registration, never on an existing resource. */
const TAGS_ON_REGISTRATION = { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } };

/** Said on every plan: the normalized resource never holds the whole task definition. */
const REBUILD_REASON =
  "the finding's resource holds only the fields the policies read: apply describes the revision again and " +
  "registers it with every field and tag it has, changed only where shown here, then rolls it out to the " +
  "services that run the old revision";

export default defineAction<"TaskDefinition", RegisterTaskDefinitionRequest>({
  id: ID,
  description:
    "Registers a revision of a task definition that fixes the finding and keeps all else, and rolls it out to services.",
  policies: FIXABLE_POLICIES,
  resources: ["TaskDefinition"],
  permissions: [
    // None of these supports resource-level permissions or the ecs:cluster key.
    {
      actions: [
        "ecs:DescribeTaskDefinition",
        "ecs:RegisterTaskDefinition",
        "ecs:ListClusters",
        "ecs:ListServices",
      ],
      resources: ["*"],
      scopableBy: [],
    },
    {
      actions: ["ecs:TagResource"],
      resources: [{ arn: "arn:{partition}:ecs:{region}:{account}:task-definition/*" }],
      scopableBy: [],
      conditions: TAGS_ON_REGISTRATION,
      checkedDuring: "ecs:RegisterTaskDefinition",
    },
    // The task and execution roles the new revision keeps.
    {
      actions: ["iam:PassRole"],
      resources: [{ arn: "arn:{partition}:iam::{account}:role/*" }],
      scopableBy: [],
      conditions: PASSED_TO_ECS_TASKS,
      checkedDuring: "ecs:RegisterTaskDefinition",
    },
    ...SERVICE_UPDATE_PERMISSIONS,
  ],
  plan(taskDefinition, context) {
    const policyId = FIXABLE_POLICIES.find((fixable) => fixable === context.policyId);
    if (policyId === undefined) return precluded(`${ID} does not fix ${context.policyId}`);
    // Only a registered revision is fixed: its services are found by its ARN.
    if (taskDefinition.arn === undefined) return precluded("the task definition is not registered");
    const described = describedOf(taskDefinition);
    if (described === undefined) return precluded("the task definition holds values that are not known");
    const fixed = fixedRevision(described, [policyId]);
    if (fixed.outcome === "refused") return precluded(refusalsOf(fixed));
    if (fixed.outcome === "already-fixed") {
      return precluded(`the fix of ${policyId} changes none of the fields the policy reports`);
    }
    return planCall(
      ID,
      { service: "ecs", operation: "RegisterTaskDefinition", input: fixed.input },
      { from: describeCall(taskDefinition.arn), policyId, reason: REBUILD_REASON },
    );
  },
  async apply(plan, clients) {
    const { rebuild } = plan;
    if (rebuild === undefined) throw new Error(`a ${ID} plan names the revision it rebuilds from`);
    const check = rebuild.from as ApiCall<DescribeTaskDefinitionCommandInput>;
    const current = await describe(clients.ecs, check);
    const revision = current?.taskDefinition;
    if (
      revision?.taskDefinitionArn === undefined ||
      revision.status === "INACTIVE" ||
      revision.status === "DELETE_IN_PROGRESS"
    ) {
      return { kind: "gone", calls: [check] };
    }
    const fixed = fixedRevision(current as DescribeTaskDefinitionResponse, [
      rebuild.policyId as FixablePolicyId,
    ]);
    if (fixed.outcome === "already-fixed") return { kind: "already-fixed", calls: [check] };
    // A revision never changes: what the plan did not refuse, apply cannot either, unless the plan was forged.
    if (fixed.outcome === "refused") throw new Error(`${ID} refused at apply: ${refusalsOf(fixed)}`);

    // Idempotency: an earlier run (or a retry after a failed rollout) registered the fix as the family's latest.
    const latestCheck = describeCall(revision.family ?? "");
    const latest = await describe(clients.ecs, latestCheck);
    const calls: ApiCall[] = [check, latestCheck];
    const notes: string[] = fixed.roleRequirements.map(describeRequirement);
    const latestArn = latest?.taskDefinition?.taskDefinitionArn;
    let fixedArn: string;
    let registered = false;
    if (latest !== undefined && latestArn !== undefined && sameRegistration(latest, fixed.input)) {
      fixedArn = latestArn;
      notes.push(`${latestArn} already holds the fix: not registered again`);
    } else if (
      latestArn !== undefined &&
      (latest?.taskDefinition?.revision ?? 0) > (revision.revision ?? 0)
    ) {
      // A fix of the older revision would become the family's latest and undo whatever the newer one changed.
      notes.push(
        `${latestArn} was registered after ${revision.taskDefinitionArn}: a fixed copy of the older revision would ` +
          "replace it as the family's latest, so nothing is registered; the newer revision's own finding decides",
      );
      return { kind: "precluded", calls, notes };
    } else {
      const registration: ApiCall<RegisterTaskDefinitionRequest> = {
        service: "ecs",
        operation: "RegisterTaskDefinition",
        input: fixed.input,
      };
      const response = await clients.ecs.send(new RegisterTaskDefinitionCommand(registration.input));
      calls.push(registration);
      const arn = response.taskDefinition?.taskDefinitionArn;
      if (arn === undefined)
        throw new Error("RegisterTaskDefinition answered without the new revision's ARN");
      fixedArn = arn;
      registered = true;
    }

    const search = await servicesRunning(clients.ecs, revision.taskDefinitionArn);
    calls.push(...search.calls);
    if (search.unsearched.length > 0) {
      notes.push(`not searched for services on the old revision: ${search.unsearched.join(", ")}`);
    }
    const rollout = rolloutPlan(revision.taskDefinitionArn, fixedArn, search.services);
    notes.push(
      ...rollout.skipped.map(({ service, reason }) => `${service} left on the old revision: ${reason}`),
    );
    let updated = 0;
    for (const update of rollout.updates) {
      calls.push(update);
      try {
        await clients.ecs.send(new UpdateServiceCommand(update.input));
        updated += 1;
      } catch (error) {
        // The remediation scope narrows UpdateService by cluster and tag: the revision is registered regardless.
        if (isAwsError(error, [ECS_ACCESS_DENIED])) {
          notes.push(
            `${update.input.service} left on the old revision: the role may not update it (${error.message})`,
          );
          continue;
        }
        if (!isAwsError(error, SERVICE_GONE)) throw error;
        notes.push(`${update.input.service} was deleted before it could be updated`);
      }
    }
    const outcome: Outcome = { kind: registered || updated > 0 ? "changed" : "already-fixed", calls };
    return notes.length > 0 ? { ...outcome, notes } : outcome;
  },
});

/** DescribeTaskDefinition of a revision (or a family's latest ACTIVE one) with its tags, which the new revision keeps. */
function describeCall(taskDefinition: string): ApiCall<DescribeTaskDefinitionCommandInput> {
  return {
    service: "ecs",
    operation: "DescribeTaskDefinition",
    input: { taskDefinition, include: ["TAGS"] },
  };
}

/** The described task definition, or `undefined` when ECS does not know it. */
async function describe(
  ecs: ECSClient,
  call: ApiCall<DescribeTaskDefinitionCommandInput>,
): Promise<DescribeTaskDefinitionResponse | undefined> {
  try {
    return await ecs.send(new DescribeTaskDefinitionCommand(call.input));
  } catch (error) {
    if (isAwsError(error, [UNKNOWN_TASK_DEFINITION])) return undefined;
    throw error;
  }
}

/**
 * The normalized task definition as DescribeTaskDefinition would answer for the fields it holds (its tags beside
 * it), or `undefined` when a value is not known: a plan never shows a guess.
 */
function describedOf(taskDefinition: TaskDefinition): DescribeTaskDefinitionResponse | undefined {
  if (holdsUnresolved(taskDefinition)) return undefined;
  const { kind: _kind, arn, tags, ...fields } = taskDefinition;
  // The round trip drops the fields the source did not set, as an API response omits them.
  const document = JSON.parse(JSON.stringify({ ...fields, taskDefinitionArn: arn }));
  return {
    taskDefinition: document,
    ...(tags !== undefined && { tags: tags as { key: string; value: string }[] }),
  };
}

function holdsUnresolved(value: unknown): boolean {
  if (isUnresolved(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(holdsUnresolved);
}

const RESPONSE_ONLY: ReadonlySet<string> = new Set(RESPONSE_ONLY_FIELDS);

/**
 * Whether a registered revision is the registration of `input`: its RegisterTaskDefinition request (the described
 * fields ECS does not set, and its tags) equals it, field for field, whatever the order of the keys.
 */
function sameRegistration(
  described: DescribeTaskDefinitionResponse,
  input: RegisterTaskDefinitionRequest,
): boolean {
  const fields = Object.entries(described.taskDefinition ?? {}).filter(
    ([field]) => !RESPONSE_ONLY.has(field),
  );
  const tags = described.tags ?? [];
  const registration = { ...Object.fromEntries(fields), ...(tags.length > 0 && { tags }) };
  return isDeepStrictEqual(canonical(registration), canonical(input));
}

/** A plain copy without the keys whose value is `undefined`, which a request and a response may spell differently. */
function canonical(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function refusalsOf(fixed: Extract<FixedRevision, { outcome: "refused" }>): string {
  return fixed.refusals
    .map(
      ({ policyId, container, reason }) =>
        `${policyId}${container === undefined ? "" : ` (${container})`}: ${reason}`,
    )
    .join("; ");
}

function describeRequirement(requirement: RoleRequirement): string {
  return `${requirement.roleArn} must allow ${requirement.actions.join(", ")} on ${requirement.resource} for the fixed revision to run`;
}
