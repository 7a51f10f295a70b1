import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, type GuardrailsConfig } from "../../shared/engine/config.ts";
import { findingId } from "../../shared/findings/finding-id.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { policies } from "../../shared/policies/index.ts";
import { createPipeline } from "../../shared/runtime/pipeline.ts";
import { runtimeRoute } from "../../shared/runtime/runtime-routes.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { CLUSTER_ARN, GUIDE_SERVICE_ARN, guideEvent, SERVICE_ARN } from "../helpers/service-events.ts";
import { fromSamples } from "../helpers/shared-data.ts";

/** Native service events say all the policies judge: any read is a bug. */
const noReads = new Proxy({} as StateReader, {
  get: (_, method) => () => {
    throw new Error(`the ServiceEvents route must read nothing, but called ${String(method)}`);
  },
});

const SERVICE_ACTION_POLICIES = [
  "service-operations-not-throttled",
  "service-task-configuration-succeeds",
  "service-task-placement-succeeds",
  "service-tasks-healthy",
  "service-tasks-start",
];

/** Runs events as one batch through the ServiceEvents route; returns what it published, and the outcomes. */
async function run(events: readonly unknown[], config: GuardrailsConfig = EMPTY_CONFIG) {
  const published: AwsSecurityFinding[] = [];
  const pipeline = createPipeline({
    routes: [runtimeRoute("ServiceEvents")],
    reader: noReads,
    rulebook: { policies, config },
    sink: { publish: async (findings) => void published.push(...findings) },
  });
  const { outcomes } = await pipeline.processBatch(
    events.map((event, index) => ({ id: `record-${index}`, event })),
  );
  return { published, outcomes: [...outcomes.values()] };
}

function statusByPolicy(findings: readonly AwsSecurityFinding[]): Record<string, string | undefined> {
  return Object.fromEntries(findings.map((finding) => [finding.GeneratorId, finding.Compliance?.Status]));
}

const ours = (name: string) => sampleEvent(`service-events/${name}`);

describe("the ServiceEvents route", () => {
  describe("the ECS guide's samples give the findings a person would expect", () => {
    const cases = fromSamples("evaluating the ECS guide's service events", () => [
      {
        name: "deployment-SERVICE_DEPLOYMENT_FAILED",
        statuses: { "service-deployment-succeeds": "FAILED" },
        evidence:
          "/eventName: deployment ecs-svc/123 failed: ECS deployment circuit breaker: task failed to start.",
      },
      {
        name: "deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-rollback",
        statuses: { "service-deployment-succeeds": "FAILED" },
        evidence:
          "/reason: deployment ecs-svc/123 rolls the service back: ECS deployment circuit breaker: rolling back " +
          "to deploymentId deploymentID.",
      },
      { name: "deployment-SERVICE_DEPLOYMENT_IN_PROGRESS-initial", statuses: {} },
      {
        name: "deployment-SERVICE_DEPLOYMENT_COMPLETED",
        statuses: { "service-deployment-succeeds": "PASSED" },
      },
      {
        name: "service-action-SERVICE_STEADY_STATE",
        statuses: Object.fromEntries(SERVICE_ACTION_POLICIES.map((id) => [id, "PASSED"])),
      },
      {
        name: "service-action-SERVICE_TASK_START_IMPAIRED",
        statuses: { "service-tasks-start": "FAILED" },
        evidence:
          "/eventName: ECS cannot consistently start the service's tasks (SERVICE_TASK_START_IMPAIRED): " +
          "ECS gave no reason",
      },
      {
        name: "service-action-SERVICE_TASK_PLACEMENT_FAILURE-ec2",
        statuses: { "service-task-placement-succeeds": "FAILED" },
        evidence: "reason RESOURCE:CPU; container instances 2dd1b186f39845a584488d2ef155c131",
      },
      {
        name: "service-action-SERVICE_TASK_PLACEMENT_FAILURE-fargate-spot",
        statuses: { "service-task-placement-succeeds": "FAILED" },
        evidence: "reason RESOURCE:FARGATE; capacity providers FARGATE_SPOT",
      },
    ]);

    it.each(cases)("$name", async ({ name, statuses, evidence }) => {
      const { published, outcomes } = await run([guideEvent(name)]);
      expect(outcomes).toEqual([expect.objectContaining({ kind: "evaluated", skipped: [] })]);
      expect(statusByPolicy(published)).toEqual(statuses);
      for (const finding of published) {
        expect(finding.Id).toBe(
          findingId("us-west-2", "111122223333", finding.GeneratorId ?? "", GUIDE_SERVICE_ARN),
        );
        expect(finding.Resources).toEqual([
          {
            Type: "AwsEcsService",
            Id: GUIDE_SERVICE_ARN,
            Partition: "aws",
            Region: "us-west-2",
            Details: {
              AwsEcsService: {
                Name: "servicetest",
                ServiceArn: GUIDE_SERVICE_ARN,
                Cluster: "arn:aws:ecs:us-west-2:111122223333:cluster/default",
              },
            },
          },
        ]);
      }
      if (evidence !== undefined) expect(published[0]?.Description).toContain(evidence);
    });

    it("routes no capacity provider's steady state: it ends no problem of the service", async () => {
      const { published, outcomes } = await run([
        guideEvent("service-action-CAPACITY_PROVIDER_STEADY_STATE"),
      ]);
      expect(outcomes).toEqual([{ kind: "unrouted", eventId: "b9baa007-2f33-0eb1-5760-0d02a572d81f" }]);
      expect(published).toEqual([]);
    });
  });

  it("publishes one finding per service-action policy of the service on a steady state, all distinct", async () => {
    const { published } = await run([ours("service-steady-state")]);
    expect(published.map((finding) => finding.Id).sort()).toEqual(
      SERVICE_ACTION_POLICIES.map((id) => findingId("eu-west-1", "123456789012", id, SERVICE_ARN)),
    );
    expect(new Set(published.map((finding) => finding.Resources?.[0]?.Id))).toEqual(new Set([SERVICE_ARN]));
  });

  it("names the ECS event that decided, and no actor: ECS itself reported it", async () => {
    const { published } = await run([ours("ecs-operation-throttled")]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      GeneratorId: "service-operations-not-throttled",
      CreatedAt: "2026-11-24T13:05:12Z",
      UpdatedAt: "2026-11-24T13:05:12Z",
      Compliance: { Status: "FAILED" },
      ProductFields: {
        "ecs-guardrails/policy": "service-operations-not-throttled",
        "ecs-guardrails/status": "FAILED",
        "ecs-guardrails/event-id": "7d1c6f0e-4b1a-4f3e-9a51-0c2d3e4f5a01",
        "ecs-guardrails/event-name": "ECS_OPERATION_THROTTLED",
      },
      Resources: [{ Details: { AwsEcsService: { Cluster: CLUSTER_ARN } } }],
    });
    expect(Object.keys(published[0]?.ProductFields ?? {})).not.toContain("ecs-guardrails/actor");
  });

  it("publishes NOT_AVAILABLE when ECS cannot read the tasks' health", async () => {
    const { published } = await run([ours("service-health-unknown")]);
    expect(published.map((finding) => [finding.GeneratorId, finding.Compliance])).toEqual([
      [
        "service-tasks-healthy",
        {
          Status: "NOT_AVAILABLE",
          StatusReasons: [
            {
              ReasonCode: "UNDECIDABLE_INPUT",
              Description:
                "ECS could not read the health of the service's tasks (SERVICE_HEALTH_UNKNOWN): ECS gave no reason",
            },
          ],
        },
      ],
    ]);
  });

  describe("a steady state after a failure", () => {
    const placementId = findingId(
      "eu-west-1",
      "123456789012",
      "service-task-placement-succeeds",
      SERVICE_ARN,
    );
    const failure = ours("service-task-placement-failure");
    const steadyState = ours("service-steady-state");

    it("first fails the service's finding", async () => {
      const { published } = await run([failure]);
      expect(published.map((finding) => [finding.Id, finding.Compliance?.Status])).toEqual([
        [placementId, "FAILED"],
      ]);
    });

    it.each([
      { order: "in order", events: [failure, steadyState] },
      { order: "in reverse order", events: [steadyState, failure] },
    ])("then passes the same finding, even when one batch delivers the two $order", async ({ events }) => {
      const { published } = await run(events);
      const placement = published.filter((finding) => finding.Id === placementId);
      expect(placement).toHaveLength(1);
      expect(placement[0]).toMatchObject({
        Compliance: { Status: "PASSED" },
        UpdatedAt: "2026-11-24T12:20:44Z",
        ProductFields: { "ecs-guardrails/event-name": "SERVICE_STEADY_STATE" },
      });
      expect(new Set(published.map((finding) => finding.Id)).size).toBe(published.length);
    });
  });

  it.each([
    {
      order: "in order",
      names: ["deployment-failed", "deployment-rollback-in-progress", "deployment-completed"],
    },
    {
      order: "in reverse order",
      names: ["deployment-completed", "deployment-rollback-in-progress", "deployment-failed"],
    },
  ])(
    "passes a failed, rolled-back deployment once the rollback completes, delivered $order",
    async ({ names }) => {
      const { published } = await run(names.map(ours));
      expect(published.map((finding) => [finding.GeneratorId, finding.Compliance?.Status])).toEqual([
        ["service-deployment-succeeds", "PASSED"],
      ]);
    },
  );

  it("exempts a service by its ARN in the config file", async () => {
    const config: GuardrailsConfig = {
      policies: {},
      exemptions: [
        {
          resource: "arn:aws:ecs:eu-west-1:123456789012:service/prod/*",
          policies: ["service-operations-not-throttled"],
          reason: "load test until Friday",
        },
      ],
    };
    const { published } = await run([ours("ecs-operation-throttled")], config);
    expect(published[0]?.Compliance).toEqual({
      Status: "PASSED",
      StatusReasons: [
        { ReasonCode: "EXEMPTED", Description: "exempted by the config file: load test until Friday" },
      ],
    });
  });

  it("publishes nothing for a policy the config turns off", async () => {
    const config: GuardrailsConfig = {
      policies: { "service-tasks-start": { enabled: false } },
      exemptions: [],
    };
    const { published, outcomes } = await run([ours("service-steady-state")], config);
    expect(outcomes).toEqual([expect.objectContaining({ kind: "evaluated", findings: 4 })]);
    expect(published.map((finding) => finding.GeneratorId)).not.toContain("service-tasks-start");
  });

  it("finds a malformed event malformed, naming the field", async () => {
    const event = {
      ...ours("deployment-failed"),
      resources: ["arn:aws:ecs:eu-west-1:123456789012:cluster/prod"],
    };
    const { outcomes } = await run([event]);
    expect(outcomes).toEqual([
      {
        kind: "malformed",
        eventId: "7d1c6f0e-4b1a-4f3e-9a51-0c2d3e4f5a10",
        reason: "resources.0: expected the service's ARN first in resources",
      },
    ]);
  });
});
