import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { Verdict } from "../../engine/evaluate.ts";
import type { Resource, ResourceKind, ResourceOfKind } from "../../model/types.ts";
import type { RemediationPermission } from "../permission.ts";

/** One API request, as data: what dry-run records, what the audit shows and what an action sends. */
export interface ApiCall<Input extends object = object> {
  readonly service: "ecs" | "ec2";
  /** The API operation, as the AWS model names it (`UpdateService`). */
  readonly operation: string;
  readonly input: Input;
}

/** The change that would repair a resource: self-contained, so it can be recorded now and applied later. */
export interface Plan<Input extends object = object> {
  readonly kind: "plan";
  /** The id of the action that applies it. */
  readonly action: string;
  readonly call: ApiCall<Input>;
  /** Set when the resource did not hold all of the call: `apply` builds it again from a fresh read. */
  readonly rebuild?: Rebuild;
}

/**
 * How `apply` builds a plan's call again when the normalized resource holds only part of what the request needs:
 * the plan's call is then the request as far as the plan could know it, exact in every field it shows.
 */
export interface Rebuild {
  /** The read `apply` makes first and builds the call from. */
  readonly from: ApiCall;
  /** The policy whose violations the rebuilt call repairs. */
  readonly policyId: string;
  /** What of the call `apply` redoes, for the dry-run record and the audit. */
  readonly reason: string;
}

/** Nothing needs doing: the resource already has the setting the action would give it. */
export interface AlreadyFixed {
  readonly kind: "already-fixed";
  readonly reason: string;
}

/** The action cannot repair this resource (a precondition AWS would refuse, a value the input cannot decide). */
export interface Precluded {
  readonly kind: "precluded";
  readonly reason: string;
}

export type PlanResult<Input extends object = object> = Plan<Input> | AlreadyFixed | Precluded;

/**
 * What a plan may know besides the resource: the policy whose finding it repairs, and the messages of that
 * policy's violations on the resource as the finding shows them (empty when the resource passes).
 */
export interface PlanContext {
  readonly policyId: string;
  readonly violations: readonly string[];
}

/** The context of a plan that repairs what a verdict found: its policy, and the messages of its violations. */
export function planContextOf(verdict: Verdict): PlanContext {
  return {
    policyId: verdict.policy.id,
    violations: verdict.evidence
      .filter((evidence) => evidence.outcome === "violation")
      .map((evidence) => evidence.message),
  };
}

export interface RemediationClients {
  readonly ecs: ECSClient;
  readonly ec2: EC2Client;
}

/**
 * What applying a plan did: `changed` (the change call succeeded), `already-fixed` (the check found nothing to
 * do) or `gone` (the resource no longer exists, or stopped); all three are successes. `precluded`: the check found
 * a state in which the change would do harm, so nothing was changed (the notes say why). `calls` lists every request
 * sent, the check included, for the audit.
 */
export interface Outcome {
  readonly kind: "changed" | "already-fixed" | "gone" | "precluded";
  readonly calls: readonly ApiCall[];
  /** What else the audit should say: what was left alone and why, what a role must allow. */
  readonly notes?: readonly string[];
}

/**
 * A remediation action: metadata, the IAM permissions it needs, a pure `plan` and an idempotent `apply` that
 * checks the live state before it acts. Any error other than "already fixed" or "gone" propagates: the caller
 * retries.
 */
export interface RemediationAction<Kind extends ResourceKind = ResourceKind, Input extends object = object> {
  /** kebab-case, equal to the file name, stable: audits and configs name it. */
  readonly id: string;
  /** One line: what the action changes. */
  readonly description: string;
  /** The ids of the policies whose findings it repairs. */
  readonly policies: readonly string[];
  /** The kinds of resource it plans for: those of its policies. */
  readonly resources: readonly Kind[];
  readonly permissions: readonly RemediationPermission[];
  /** Called through `planFor`, only for a resource its policy reports a violation on. */
  plan(resource: ResourceOfKind<Kind>, context: PlanContext): PlanResult<Input>;
  apply(plan: Plan<Input>, clients: RemediationClients): Promise<Outcome>;
}

/** Declares an action; an identity function that exists for type inference, as `definePolicy`. */
export function defineAction<Kind extends ResourceKind, Input extends object>(
  action: RemediationAction<Kind, Input>,
): RemediationAction<Kind, Input> {
  return action;
}

export function planCall<Input extends object>(
  action: string,
  call: ApiCall<Input>,
  rebuild?: Rebuild,
): Plan<Input> {
  return rebuild === undefined ? { kind: "plan", action, call } : { kind: "plan", action, call, rebuild };
}

export function alreadyFixed(reason: string): AlreadyFixed {
  return { kind: "already-fixed", reason };
}

export function precluded(reason: string): Precluded {
  return { kind: "precluded", reason };
}

/** Whether an SDK error is one of the named AWS error codes. */
export function isAwsError(error: unknown, codes: readonly string[]): error is Error {
  return error instanceof Error && codes.includes(error.name);
}

/**
 * An action of any kind, as the registry lists them: a plan's resource type depends on the kind, which
 * `planFor` checks before it calls the action.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds actions of every resource kind and input.
export type AnyRemediationAction = RemediationAction<any, any>;

/**
 * The action's plan for a resource, or why none is made: for a resource of a kind the action does not repair, and
 * for one its policy reports no violation on (nothing to repair), whatever the action.
 */
export function planFor(action: AnyRemediationAction, resource: Resource, context: PlanContext): PlanResult {
  if (!action.resources.includes(resource.kind)) {
    return precluded(`${action.id} does not repair a ${resource.kind}`);
  }
  if (context.violations.length === 0) return alreadyFixed(`${context.policyId} reports no violation`);
  return action.plan(resource, context);
}
