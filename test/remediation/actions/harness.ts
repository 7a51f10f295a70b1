import { EC2Client } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../../shared/engine/evaluate.ts";
import { serviceFromApi } from "../../../shared/model/service.ts";
import type { Resource } from "../../../shared/model/types.ts";
import type { PolicyLookups } from "../../../shared/policies/define-policy.ts";
import { policies } from "../../../shared/policies/index.ts";
import {
  type AnyRemediationAction,
  type ApiCall,
  type Plan,
  type PlanContext,
  planContextOf,
  planFor,
  type Rebuild,
} from "../../../shared/remediation/actions/action.ts";
import { invalidRequests, modelsAvailable, operationOf, validateRequest } from "../../helpers/aws-model.ts";

export const ecs = mockClient(ECSClient);
export const ec2 = mockClient(EC2Client);
export const clients = {
  ecs: new ECSClient({ region: "eu-west-1" }),
  ec2: new EC2Client({ region: "eu-west-1" }),
};

export const PREFIX = "arn:aws:ecs:eu-west-1:123456789012";
export const CLUSTER = `${PREFIX}:cluster/prod`;

type MockedClient = ReturnType<typeof mockClient>;
// biome-ignore lint/suspicious/noExplicitAny: each action checks and changes with its own SDK command classes.
type CommandClass = any;

/** ECS's answer to a Describe* call naming one resource it no longer knows. */
export const missing = (arn: string) => ({ failures: [{ arn, reason: "MISSING" }] });

/** An SDK error as AWS answers it: the error code is its `name`. */
export const awsError = (code: string) =>
  Object.assign(new Error(`${code}: from the mocked AWS`), { name: code });

/**
 * One action against a simulated account. The resources are judged by the real policy (with `lookups` for the
 * state it reads), the check answers `before` until the change call is made and `after` from then on.
 */
export interface ActionCase {
  readonly action: AnyRemediationAction;
  readonly policyId: string;
  readonly lookups?: PolicyLookups;
  /** A resource that fails the policy and the action repairs. */
  readonly broken: Resource;
  /** A resource that passes the policy. */
  readonly passing: Resource;
  /** The exact call the plan for `broken` makes. */
  readonly expected: ApiCall;
  /** How `apply` builds the call again, for an action whose resource holds only part of it. */
  readonly rebuild?: Rebuild;
  readonly client: "ecs" | "ec2";
  readonly check: CommandClass;
  readonly change: CommandClass;
  readonly before: object;
  readonly after: object;
  /** The check's answer by its input, for an action that checks more than once: replaces `before` and `after`. */
  answer?(input: Record<string, unknown>, changed: boolean): object;
  /** Mocks the calls other than the check and the change, for an action that reads or changes more. */
  readonly install?: (client: MockedClient) => void;
  /** What the change call answers; nothing by default. */
  readonly changeAnswer?: object;
  /**
   * The operations `apply` sends, in order, when it changes the resource, and when applied again once it has;
   * by default the check and the change, then the check alone.
   */
  readonly operations?: { readonly changed: readonly string[]; readonly again: readonly string[] };
  /** Configures the check as AWS answers it once the resource no longer exists. */
  readonly gone: (check: MockedClient) => void;
}

beforeEach(() => {
  ecs.reset();
  ec2.reset();
});

export function mockOf(testCase: ActionCase): MockedClient {
  return (testCase.client === "ecs" ? ecs : ec2) as unknown as MockedClient;
}

/** The case's client with the change call flipping the state the check answers. */
export function simulate(testCase: ActionCase): MockedClient {
  const mock = mockOf(testCase);
  let changed = false;
  mock
    .on(testCase.check)
    .callsFake((input) => testCase.answer?.(input, changed) ?? (changed ? testCase.after : testCase.before));
  mock.on(testCase.change).callsFake(() => {
    changed = true;
    return testCase.changeAnswer ?? {};
  });
  testCase.install?.(mock);
  return mock;
}

/** The plan context the real policy's verdict on the resource gives. */
export function contextOf(testCase: ActionCase, resource: Resource): PlanContext {
  const policy = policies.find((candidate) => candidate.id === testCase.policyId);
  if (policy === undefined) throw new Error(`no policy ${testCase.policyId}`);
  const options = testCase.lookups === undefined ? {} : { lookups: testCase.lookups };
  return planContextOf(evaluatePolicy(policy, resource, options));
}

export function planOf<Input extends object = object>(
  testCase: ActionCase,
  resource: Resource = testCase.broken,
): Plan<Input> {
  const result = planFor(testCase.action, resource, contextOf(testCase, resource));
  if (result.kind !== "plan") throw new Error(`expected a plan, got ${JSON.stringify(result)}`);
  // The case pairs the action with its resource: the plan's input is that action's.
  return result as Plan<Input>;
}

/** The tests every action passes: dry-run, check then act, idempotency, gone, and errors that propagate. */
export function describeAction(testCase: ActionCase): void {
  describe(`${testCase.action.id} (the cases every action passes)`, () => {
    it("plans exactly the call, valid against the AWS model (what dry-run records)", () => {
      const plan = planOf(testCase);
      expect(plan).toEqual({
        kind: "plan",
        action: testCase.action.id,
        call: testCase.expected,
        ...(testCase.rebuild && { rebuild: testCase.rebuild }),
      });
      if (!modelsAvailable()) return;
      expect(
        validateRequest(testCase.expected.service, testCase.expected.operation, plan.call.input),
      ).toEqual([]);
    });

    it("makes no plan for a resource that passes the policy", () => {
      const context = contextOf(testCase, testCase.passing);
      expect(context.violations).toEqual([]);
      expect(planFor(testCase.action, testCase.passing, context).kind).toBe("already-fixed");
    });

    it("checks, then makes exactly one change", async () => {
      const mock = simulate(testCase);
      const outcome = await testCase.action.apply(planOf(testCase), clients);
      expect(outcome.kind).toBe("changed");
      const operations = testCase.operations?.changed ?? [
        operationOf(testCase.check),
        operationOf(testCase.change),
      ];
      expect(outcome.calls.map((call) => call.operation)).toEqual(operations);
      expect(mock.calls().map((call) => operationOf(call.args[0] as object))).toEqual(operations);
      expect(mock).toHaveReceivedCommandWith(testCase.change, testCase.expected.input);
    });

    it("is idempotent: applied twice, it changes once and then finds the resource already fixed", async () => {
      const mock = simulate(testCase);
      const plan = planOf(testCase);
      expect((await testCase.action.apply(plan, clients)).kind).toBe("changed");
      const again = testCase.operations?.again ?? [operationOf(testCase.check)];
      expect(await testCase.action.apply(plan, clients)).toEqual(
        expect.objectContaining({
          kind: "already-fixed",
          calls: again.map((operation) => expect.objectContaining({ operation })),
        }),
      );
      expect(mock).toHaveReceivedCommandTimes(testCase.change, 1);
    });

    it("answers gone, without a change, for a resource that no longer exists", async () => {
      const mock = mockOf(testCase);
      testCase.gone(mock);
      const outcome = await testCase.action.apply(planOf(testCase), clients);
      expect(outcome.kind).toBe("gone");
      expect(mock).toHaveReceivedCommandTimes(testCase.change, 0);
    });

    it("lets any other error propagate, so the caller retries", async () => {
      const mock = mockOf(testCase);
      mock.on(testCase.check).rejects(awsError("ThrottlingException"));
      await expect(testCase.action.apply(planOf(testCase), clients)).rejects.toThrow("ThrottlingException");
      expect(mock).toHaveReceivedCommandTimes(testCase.change, 0);
    });
  });
}

export const SERVICE = `${PREFIX}:service/prod/web`;

/** A service as DescribeServices returns it (and the model reads it), with the given fields. */
export function describedService(fields: Record<string, unknown>): Record<string, unknown> {
  return { serviceArn: SERVICE, serviceName: "web", clusterArn: CLUSTER, status: "ACTIVE", ...fields };
}

/**
 * The case of an action that repairs a service with UpdateService (see service-update.ts): DescribeServices is its
 * check, a MISSING failure means gone. `before` is the broken service as described, `after` the repaired one,
 * `passing` (by default `after`) one the policy passes; `update` is what the plan sets besides cluster and service.
 */
export function serviceUpdateCase(fields: {
  readonly action: AnyRemediationAction;
  readonly policyId: string;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  readonly passing?: Record<string, unknown>;
  readonly update: Record<string, unknown>;
}): ActionCase {
  const { action, policyId, before, after, passing = after, update } = fields;
  return {
    action,
    policyId,
    broken: serviceFromApi(before),
    passing: serviceFromApi(passing),
    expected: {
      service: "ecs",
      operation: "UpdateService",
      input: { cluster: CLUSTER, service: SERVICE, ...update },
    },
    client: "ecs",
    check: DescribeServicesCommand,
    change: UpdateServiceCommand,
    before: { services: [before] },
    after: { services: [after] },
    gone: (mock) => mock.on(DescribeServicesCommand).resolves(missing(SERVICE)),
  };
}

/**
 * Every request the mocked ECS received is valid against the AWS model: for actions whose apply sends more than the
 * planned call, the only one describeAction validates.
 */
export function expectValidEcsRequests(): void {
  if (!modelsAvailable()) return;
  expect(invalidRequests("ecs", ecs.calls())).toEqual([]);
}
