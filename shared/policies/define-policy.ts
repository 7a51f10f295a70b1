import type { ZodMiniType } from "zod/mini";
import type { RolePermissions } from "../iam/role-permissions.ts";
import type { HostedTask } from "../model/container-instance.ts";
import type { NetworkInterface } from "../model/network-interface.ts";
import type { Resolvable, Unresolved } from "../model/resolvable.ts";
import type { Ec2Instance, ResourceKind, ResourceOfKind } from "../model/types.ts";

/** ASFF `Severity.Label` values. */
export type Severity = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

/** Every severity, from the lowest to the highest. */
export const SEVERITIES: readonly Severity[] = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** A Security Hub CSPM control id such as `ECS.4`. */
export type SecurityHubControl = `ECS.${number}`;

export type MessageData = Readonly<Record<string, string | number>>;

/** The message every policy may use for a value the input cannot decide. */
export const UNRESOLVED = "unresolved";

/**
 * What a policy observed about one field of a resource. `path` is a JSON pointer in ECS API
 * field names, relative to the resource; for an absent field it points where the field would be.
 */
export type Observation<MessageId extends string> =
  | {
      readonly outcome: "violation";
      readonly messageId: MessageId;
      readonly path: string;
      readonly data?: MessageData;
    }
  | {
      readonly outcome: "unknown";
      readonly messageId: MessageId | typeof UNRESOLVED;
      readonly path: string;
      readonly data?: MessageData;
    }
  | { readonly outcome: "not-applicable"; readonly messageId: MessageId; readonly data?: MessageData };

export interface Remediation {
  /** What to change, in a sentence or two (ASFF `Remediation.Recommendation.Text`, ≤ 512 characters). */
  readonly recommendation: string;
  readonly url?: string;
  /** Whether ECS Guardrails can repair the resource itself (opt-in remediation). */
  readonly fixable: boolean;
}

/** A knob of a policy: what it means, the values it accepts and the value it has unless configured. */
export interface ParameterSpec<Value> {
  readonly description: string;
  readonly schema: ZodMiniType<Value>;
  readonly default: Value;
}

// biome-ignore lint/suspicious/noExplicitAny: a parameter's value type is its own; the record only fixes the names.
export type ParameterSpecs = Readonly<Record<string, ParameterSpec<any>>>;

export type ParameterValues<Parameters extends ParameterSpecs> = {
  readonly [Name in keyof Parameters]: Parameters[Name] extends ParameterSpec<infer Value> ? Value : never;
};

/**
 * State outside the resource that the shell read before evaluating, so policies stay pure: the function
 * reads IAM, the offline scanner answers from the template where it can, and anything else is Unresolved.
 */
export interface PolicyLookups {
  /**
   * The permissions of the role a task definition names (`taskRoleArn`: an ARN or a role name, or an
   * Unresolved reference to a template resource): `undefined` when the role does not exist, Unresolved
   * with the reason when they could not be read (offline, another account, an unreadable document).
   */
  rolePermissions(taskRoleArn: Resolvable<string>): Resolvable<RolePermissions | undefined>;
  /**
   * A network interface a running task is attached through, by id (EC2 DescribeNetworkInterfaces): Unresolved
   * with the reason when it could not be read (offline).
   */
  networkInterface(networkInterfaceId: string): Resolvable<NetworkInterface>;
  /**
   * The task definition revision a running task runs, by ARN, as ECS describes it and as the TaskDefinition
   * policies judged it: Unresolved with the reason when it could not be read (offline, or unknown to ECS).
   */
  taskDefinitionRevision(taskDefinitionArn: string): Resolvable<TaskDefinitionRevision>;
  /**
   * The EC2 instance behind a container instance, by instance id (EC2 DescribeInstances): `undefined` when EC2
   * does not know it, Unresolved with the reason when it was not read (offline).
   */
  ec2Instance(instanceId: string): Resolvable<Ec2Instance | undefined>;
  /**
   * The tasks placed on a container instance, by its ARN, with their network modes (ECS ListTasks,
   * DescribeTasks, DescribeTaskDefinition): Unresolved with the reason when they were not read.
   */
  containerInstanceTasks(containerInstanceArn: string): Resolvable<readonly HostedTask[]>;
}

/** A task definition revision a task runs: its status, and the TaskDefinition policies it does not pass. */
export interface TaskDefinitionRevision {
  /** `ACTIVE`, `INACTIVE` (deregistered) or `DELETE_IN_PROGRESS`. */
  readonly status: Resolvable<string | undefined>;
  /** Enabled policies that fail the revision or cannot decide it (exempted ones are met). */
  readonly unmet: readonly UnmetPolicy[];
}

export interface UnmetPolicy {
  readonly policyId: string;
  readonly severity: Severity;
  readonly status: "FAILED" | "UNKNOWN";
}

/**
 * What a policy may know besides the resource: its parameters, resolved from defaults and the config file,
 * and the lookups of state the resource only refers to.
 */
export interface PolicyContext<Parameters extends ParameterSpecs = ParameterSpecs> {
  readonly parameters: ParameterValues<Parameters>;
  readonly lookups: PolicyLookups;
}

/**
 * A policy: metadata next to one pure, total, synchronous function.
 * `evaluate` returns what it observed; no observation means the resource passes.
 */
export interface Policy<
  Kind extends ResourceKind = ResourceKind,
  MessageId extends string = string,
  Parameters extends ParameterSpecs = ParameterSpecs,
> {
  /** kebab-case, equal to the file name, stable forever: part of every finding id. */
  readonly id: string;
  /** The secure condition, stated positively (never "Ensure …"), ≤ 100 characters. */
  readonly title: string;
  readonly severity: Severity;
  readonly resource: Kind;
  /** Security Hub controls whose verdict this policy reproduces exactly; empty when none does. */
  readonly controls: readonly SecurityHubControl[];
  /** The best-practice recommendation it enforces (`catalog/seed-catalog.md` row). */
  readonly practice: string;
  /** Why it matters; becomes the finding description and the docs. */
  readonly rationale: string;
  /** Where and why the verdict deliberately differs from Security Hub or other tools. */
  readonly deviations?: string;
  /** messageId → template with `{{placeholders}}` filled from an observation's `data`. */
  readonly messages: Readonly<Record<MessageId, string>>;
  readonly remediation: Remediation;
  /** Knobs, with defaults; set per policy in the config file. */
  readonly parameters?: Parameters;
  /** The lookups `evaluate` reads: the shell reads that state (IAM, …) only while a policy needing it is on. */
  readonly needs?: readonly (keyof PolicyLookups)[];
  evaluate(
    resource: ResourceOfKind<Kind>,
    context: PolicyContext<Parameters>,
  ): readonly Observation<MessageId>[];
}

/**
 * Declares a policy; an identity function that exists for type inference, as ESLint's `createRule`.
 *
 * @example
 * export default definePolicy({
 *   id: "no-host-pid-mode",
 *   resource: "TaskDefinition",
 *   messages: { hostPid: "pidMode is host" },
 *   evaluate: (taskDefinition) =>
 *     taskDefinition.pidMode === "host" ? [violation("hostPid", "/pidMode")] : [],
 *   …
 * });
 */
export function definePolicy<
  Kind extends ResourceKind,
  MessageId extends string,
  // A policy without parameters has an empty parameter record.
  Parameters extends ParameterSpecs = Record<never, never>,
>(policy: Policy<Kind, MessageId, Parameters>): Policy<Kind, MessageId, Parameters> {
  return policy;
}

export function violation<MessageId extends string>(
  messageId: MessageId,
  path: string,
  data?: MessageData,
): Observation<MessageId> {
  return data === undefined
    ? { outcome: "violation", messageId, path }
    : { outcome: "violation", messageId, path, data };
}

export function notApplicable<MessageId extends string>(
  messageId: MessageId,
  data?: MessageData,
): Observation<MessageId> {
  return data === undefined
    ? { outcome: "not-applicable", messageId }
    : { outcome: "not-applicable", messageId, data };
}

/** The input cannot decide the verdict, for a reason the policy names. */
export function unknown<MessageId extends string>(
  messageId: MessageId,
  path: string,
  data?: MessageData,
): Observation<MessageId> {
  return data === undefined
    ? { outcome: "unknown", messageId, path }
    : { outcome: "unknown", messageId, path, data };
}

/** The observation for a value the input cannot decide (an unresolved intrinsic, a mistyped field). */
export function undecided(value: Unresolved): Observation<never> {
  return { outcome: "unknown", messageId: UNRESOLVED, path: value.at, data: { reason: value.unresolved } };
}
