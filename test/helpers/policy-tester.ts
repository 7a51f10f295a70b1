import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, type GuardrailsConfig, parametersOf } from "../../shared/engine/config.ts";
import { evaluatePolicy, type Status } from "../../shared/engine/evaluate.ts";
import {
  containerInstanceLookups,
  networkInterfaceLookups,
  roleLookups,
  taskDefinitionRevisionLookups,
} from "../../shared/engine/lookups.ts";
import type { RolePermissions } from "../../shared/iam/role-permissions.ts";
import { ec2InstanceFromApi, type HostedTask } from "../../shared/model/container-instance.ts";
import { type NetworkInterface, networkInterfaceFromApi } from "../../shared/model/network-interface.ts";
import { isUnresolved, type Resolvable } from "../../shared/model/resolvable.ts";
import type { Ec2Instance, ResourceKind, ResourceOfKind } from "../../shared/model/types.ts";
import {
  type Observation,
  type Policy,
  type PolicyContext,
  type PolicyLookups,
  type TaskDefinitionRevision,
  UNRESOLVED,
} from "../../shared/policies/define-policy.ts";

type ObservationOf<P> = P extends Policy<ResourceKind, infer MessageId> ? Observation<MessageId> : never;
type MessageIdOf<P> = P extends Policy<ResourceKind, infer MessageId> ? MessageId : never;
type ResourceOf<P> = P extends Policy<infer Kind, string> ? ResourceOfKind<Kind> : never;

export interface ExpectedObservation<MessageId extends string> {
  /** Defaults to the table's outcome; `unresolved` messages are always "unknown". */
  readonly outcome?: "violation" | "unknown";
  readonly messageId: MessageId | typeof UNRESOLVED;
  /** JSON pointer in API field names; omit only for not-applicable observations. */
  readonly path?: string;
  /** Compared only when given; `undefined` members tolerate how TypeScript widens table literals. */
  readonly data?: Readonly<Record<string, string | number | undefined>>;
}

/**
 * What a case's lookups answer, written as data so cases stay comparable: role permissions by `taskRoleArn`
 * as the resource writes it, `null` for a role that does not exist. Any other role is Unresolved, as offline.
 */
export interface CaseLookups {
  readonly rolePermissions?: Readonly<Record<string, Resolvable<RolePermissions> | null>>;
  /** EC2 instances by id, as DescribeInstances describes them (run through the normalizer); `null`: unknown to EC2. */
  readonly ec2Instances?: Readonly<Record<string, object | null>>;
  /** The tasks on container instances, by container instance ARN. */
  readonly containerInstanceTasks?: Readonly<Record<string, Resolvable<readonly HostedTask[]>>>;
  /** Network interfaces by id, as DescribeNetworkInterfaces describes them (run through the normalizer). */
  readonly networkInterfaces?: Readonly<Record<string, Resolvable<object>>>;
  /** Task definition revisions by ARN, as the shell described and judged them. */
  readonly taskDefinitionRevisions?: Readonly<Record<string, Resolvable<TaskDefinitionRevision>>>;
}

interface Case<P> {
  readonly name: string;
  readonly resource: ResourceOf<P>;
  /** Parameter values for this case, over the policy's defaults. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** State the shell would have read (default: nothing, as offline). */
  readonly lookups?: CaseLookups;
}

export interface PolicyCases<P extends Policy<ResourceKind, string>> {
  /** Resources the policy passes. */
  readonly valid: readonly Case<P>[];
  /** Resources it fails, with every violation it must report, in order. */
  readonly invalid: readonly (Case<P> & {
    readonly violations: readonly ExpectedObservation<MessageIdOf<P>>[];
  })[];
  /** Resources it cannot decide, with the observations that say why. */
  readonly unknown?: readonly (Case<P> & {
    readonly observations: readonly ExpectedObservation<MessageIdOf<P>>[];
  })[];
  /** Resources it does not apply to, with the message saying why. */
  readonly notApplicable?: readonly (Case<P> & { readonly messageId: MessageIdOf<P> })[];
}

const CASE_KEYS = {
  valid: ["name", "resource", "parameters", "lookups"],
  invalid: ["name", "resource", "parameters", "lookups", "violations"],
  unknown: ["name", "resource", "parameters", "lookups", "observations"],
  notApplicable: ["name", "resource", "parameters", "lookups", "messageId"],
} as const;

/**
 * Runs a policy's table of cases, ESLint RuleTester style. Besides the verdicts it guards the table:
 * both `valid` and `invalid` are required, names are unique, cases are not duplicated, unknown keys and
 * message ids fail, and resources are deep-frozen so a policy that mutates its input throws.
 *
 * @example
 * policyTester.run(noHostPidMode, {
 *   valid: [{ name: "pidMode task", resource: taskDefinition({ pidMode: "task" }) }],
 *   invalid: [{ name: "pidMode host", resource: taskDefinition({ pidMode: "host" }),
 *               violations: [{ messageId: "hostPid", path: "/pidMode" }] }],
 * });
 */
export const policyTester = {
  run<P extends Policy<ResourceKind, string>>(policy: P, cases: PolicyCases<P>): void {
    describe(`policy ${policy.id}`, () => {
      it("has a well-formed table", () => assertWellFormed(policy, cases));

      for (const testCase of cases.valid) {
        it(`valid: ${testCase.name}`, () => {
          const verdict = evaluateFrozen(policy, testCase);
          expect(verdict.evidence, "a valid case reports nothing").toEqual([]);
          expect(verdict.status).toBe<Status>("PASSED");
        });
      }
      for (const testCase of cases.invalid) {
        it(`invalid: ${testCase.name}`, () => {
          const observations = observe(policy, testCase);
          expect(matchable(observations, testCase.violations)).toEqual(
            testCase.violations.map(expected("violation")),
          );
          expect(evaluateFrozen(policy, testCase).status).toBe<Status>("FAILED");
        });
      }
      for (const testCase of cases.unknown ?? []) {
        it(`unknown: ${testCase.name}`, () => {
          const observations = observe(policy, testCase);
          expect(matchable(observations, testCase.observations)).toEqual(
            testCase.observations.map(expected("unknown")),
          );
          expect(evaluateFrozen(policy, testCase).status).toBe<Status>("UNKNOWN");
        });
      }
      for (const testCase of cases.notApplicable ?? []) {
        it(`not applicable: ${testCase.name}`, () => {
          const observations = observe(policy, testCase);
          expect(observations.map(comparable)).toEqual([
            { outcome: "not-applicable", messageId: testCase.messageId },
          ]);
          expect(evaluateFrozen(policy, testCase).status).toBe<Status>("NOT_APPLICABLE");
        });
      }
    });
  },
};

function assertWellFormed<P extends Policy<ResourceKind, string>>(policy: P, cases: PolicyCases<P>): void {
  expect(tableProblems(policy, cases)).toEqual([]);
}

/**
 * What is wrong with a table (empty when nothing): missing groups, unknown groups or keys, duplicate
 * names or resources, message ids the policy does not have, invalid cases without violations.
 */
export function tableProblems<P extends Policy<ResourceKind, string>>(
  policy: P,
  cases: PolicyCases<P>,
): string[] {
  const problems: string[] = [];
  if (cases.valid.length === 0) problems.push("valid cases are required");
  if (cases.invalid.length === 0) problems.push("invalid cases are required");
  const names = new Set<string>();
  const resources = new Set<string>();
  const messageIds = new Set([...Object.keys(policy.messages), UNRESOLVED]);
  for (const [group, list] of Object.entries(cases) as [string, readonly Record<string, unknown>[]][]) {
    const allowed: readonly string[] | undefined = CASE_KEYS[group as keyof typeof CASE_KEYS];
    if (allowed === undefined) {
      problems.push(`unknown case group "${group}"`);
      continue;
    }
    for (const testCase of list) {
      const name = String(testCase.name);
      const extra = Object.keys(testCase).filter((key) => !allowed.includes(key));
      if (extra.length > 0) problems.push(`case "${name}" has unknown keys: ${extra.join(", ")}`);
      if (names.has(name)) problems.push(`duplicate case name "${name}"`);
      names.add(name);
      const serialized = JSON.stringify([testCase.resource, testCase.parameters, testCase.lookups]);
      if (resources.has(serialized)) problems.push(`case "${name}" duplicates another case's resource`);
      resources.add(serialized);
      const expected = (testCase.violations ?? testCase.observations ?? []) as ExpectedObservation<string>[];
      if (group === "invalid" && expected.length === 0)
        problems.push(`invalid case "${name}" lists no violation`);
      const expectedIds = [
        ...expected.map((observation) => observation.messageId),
        ...(typeof testCase.messageId === "string" ? [testCase.messageId] : []),
      ];
      for (const messageId of expectedIds) {
        if (!messageIds.has(messageId))
          problems.push(`case "${name}" expects unknown message "${messageId}"`);
      }
    }
  }
  return problems;
}

/** Observations in comparable form; `data` is compared only where the case gives it, as in ESLint. */
function matchable(
  observations: readonly Observation<string>[],
  wanted: readonly ExpectedObservation<string>[],
) {
  return observations.map((observation, index) => {
    const { data, ...rest } = comparable(observation);
    return wanted[index]?.data === undefined ? rest : { ...rest, data };
  });
}

function observe<P extends Policy<ResourceKind, string>>(policy: P, testCase: Case<P>): ObservationOf<P>[] {
  const evaluate = policy.evaluate as (
    resource: ResourceOf<P>,
    context: PolicyContext,
  ) => readonly ObservationOf<P>[];
  const parameters = parametersOf(policy, configOf(policy, testCase));
  const lookups = lookupsOf(testCase);
  return [...evaluate(deepFreeze(structuredClone(testCase.resource)), deepFreeze({ parameters, lookups }))];
}

function evaluateFrozen<P extends Policy<ResourceKind, string>>(policy: P, testCase: Case<P>) {
  return evaluatePolicy(policy, deepFreeze(structuredClone(testCase.resource)), {
    config: configOf(policy, testCase),
    lookups: lookupsOf(testCase),
  });
}

/** The case's lookups over deep-frozen copies, so a policy that mutates what it looked up throws. */
function lookupsOf<P extends Policy<ResourceKind, string>>(testCase: Case<P>): PolicyLookups {
  const roles = Object.entries(testCase.lookups?.rolePermissions ?? {}).map(
    ([taskRoleArn, permissions]) =>
      [taskRoleArn, deepFreeze(structuredClone(permissions ?? undefined))] as const,
  );
  const ec2Instances = Object.entries(testCase.lookups?.ec2Instances ?? {}).map(
    ([instanceId, described]): [string, Resolvable<Ec2Instance | undefined>] => [
      instanceId,
      deepFreeze(
        described === null || isUnresolved(described)
          ? (described ?? undefined)
          : ec2InstanceFromApi(described),
      ),
    ],
  );
  const tasks = Object.entries(testCase.lookups?.containerInstanceTasks ?? {});
  return withRunningTaskLookups(
    testCase,
    containerInstanceLookups(
      { ec2Instances: new Map(ec2Instances), tasks: new Map(deepFreeze(structuredClone(tasks))) },
      roleLookups(new Map(roles)),
    ),
  );
}

/** The case's network interfaces and task definition revisions over `otherwise`, deep-frozen. */
function withRunningTaskLookups<P extends Policy<ResourceKind, string>>(
  testCase: Case<P>,
  otherwise: PolicyLookups,
): PolicyLookups {
  const interfaces = Object.entries(testCase.lookups?.networkInterfaces ?? {}).map(
    ([id, described]): [string, Resolvable<NetworkInterface>] => [
      id,
      deepFreeze(isUnresolved(described) ? described : networkInterfaceFromApi(described)),
    ],
  );
  const revisions = Object.entries(testCase.lookups?.taskDefinitionRevisions ?? {});
  return taskDefinitionRevisionLookups(
    new Map(deepFreeze(structuredClone(revisions))),
    networkInterfaceLookups(new Map(interfaces), otherwise),
  );
}

/** The case's parameters as a config would set them (not validated: tables may probe invalid values). */
function configOf<P extends Policy<ResourceKind, string>>(policy: P, testCase: Case<P>): GuardrailsConfig {
  if (testCase.parameters === undefined) return EMPTY_CONFIG;
  return { policies: { [policy.id]: { parameters: testCase.parameters } }, exemptions: [] };
}

function comparable(observation: Observation<string>) {
  return {
    outcome: observation.outcome,
    messageId: observation.messageId,
    ...("path" in observation ? { path: observation.path } : {}),
    ...(observation.data === undefined ? {} : { data: observation.data }),
  };
}

function expected(outcome: "violation" | "unknown") {
  return (observation: ExpectedObservation<string>) => ({
    outcome: observation.outcome ?? (observation.messageId === UNRESOLVED ? "unknown" : outcome),
    messageId: observation.messageId,
    ...(observation.path === undefined ? {} : { path: observation.path }),
    ...(observation.data === undefined ? {} : { data: observation.data }),
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
