import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG } from "../../shared/engine/config.ts";
import { policies } from "../../shared/policies/index.ts";
import { archiveSteps, findingsToArchive, inventoryKeys } from "../../shared/sweep/archive.ts";
import { judgingSteps, latestRevisions, revisionsInUse, STEP_SIZES } from "../../shared/sweep/plan.ts";

const ARN = "arn:aws:ecs:eu-west-1:123456789012";
const revision = (family: string, number: number) => `${ARN}:task-definition/${family}:${number}`;
const SWEEP = "2026-11-24T03:00:00.000Z";

describe("latestRevisions", () => {
  it("keeps the highest revision of each family, by number rather than text", () => {
    expect(
      latestRevisions([revision("web", 9), revision("web", 10), revision("worker", 2), "not an ARN"]).sort(),
    ).toEqual([revision("web", 10), revision("worker", 2)]);
  });

  it("reads family names with colons' neighbours intact", () => {
    expect(latestRevisions([revision("a-b_c", 3)])).toEqual([revision("a-b_c", 3)]);
  });
});

describe("revisionsInUse", () => {
  const service = (name: string, taskDefinition: string, extra: Record<string, unknown> = {}) => ({
    serviceArn: `${ARN}:service/payments/${name}`,
    taskDefinition,
    ...extra,
  });

  it("judges the latest revisions and those any deployment, task set or task uses, with the services that run them", () => {
    const inUse = revisionsInUse({
      activeRevisions: [revision("web", 1), revision("web", 2), revision("batch", 7)],
      clusters: [
        {
          clusterArn: `${ARN}:cluster/payments`,
          services: [
            // Rolling from web:1 to web:2: both deployments run.
            service("web", revision("web", 2), {
              deployments: [{ taskDefinition: revision("web", 2) }, { taskDefinition: revision("web", 1) }],
            }),
            // Blue/green: the task set's revision, deregistered since.
            service("api", revision("api", 4), { taskSets: [{ taskDefinition: revision("api", 3) }] }),
          ],
          tasks: [{ taskDefinitionArn: revision("batch", 6) }],
          containerInstanceArns: [],
        },
      ],
    });
    expect(inUse).toEqual([
      { taskDefinition: revision("api", 3), services: [`${ARN}:service/payments/api`] },
      { taskDefinition: revision("api", 4), services: [`${ARN}:service/payments/api`] },
      { taskDefinition: revision("batch", 6), services: [] },
      { taskDefinition: revision("batch", 7), services: [] },
      { taskDefinition: revision("web", 1), services: [`${ARN}:service/payments/web`] },
      { taskDefinition: revision("web", 2), services: [`${ARN}:service/payments/web`] },
    ]);
  });

  it("ignores what is not a revision ARN", () => {
    expect(
      revisionsInUse({
        activeRevisions: [],
        clusters: [
          {
            clusterArn: `${ARN}:cluster/payments`,
            services: [null, { taskDefinition: 7 }],
            tasks: ["task"],
            containerInstanceArns: [],
          },
        ],
      }),
    ).toEqual([]);
  });
});

describe("judgingSteps", () => {
  it("splits each cluster's services and instances, and the revisions, into steps of their sizes", () => {
    const services = Array.from({ length: 45 }, (_, index) => ({
      serviceArn: `${ARN}:service/payments/s${index}`,
    }));
    const steps = judgingSteps(SWEEP, {
      activeRevisions: Array.from({ length: 25 }, (_, index) => revision(`family-${index}`, 1)),
      clusters: [
        {
          clusterArn: `${ARN}:cluster/payments`,
          services,
          tasks: [],
          containerInstanceArns: Array.from(
            { length: 30 },
            (_, index) => `${ARN}:container-instance/payments/${index}`,
          ),
        },
      ],
    });
    const sizes = steps.map((step) => {
      switch (step.step) {
        case "services":
          return `services ${step.services.length}`;
        case "revisions":
          return `revisions ${step.revisions.length}`;
        case "container-instances":
          return `container-instances ${step.containerInstances.length}`;
        default:
          return step.step;
      }
    });
    expect(STEP_SIZES).toEqual({ services: 20, revisions: 10, containerInstances: 25 });
    expect(sizes).toEqual([
      "services 20",
      "services 20",
      "services 5",
      "revisions 10",
      "revisions 10",
      "revisions 5",
      "container-instances 25",
      "container-instances 5",
    ]);
  });
});

describe("archiveSteps", () => {
  it("covers every policy of an archivable kind once, 20 generator ids at most a step", () => {
    const steps = archiveSteps(policies, SWEEP);
    const covered = steps.flatMap((step) => (step.step === "archive" ? step.generatorIds : []));
    const archivable = policies.filter((policy) => policy.resource !== "AccountSetting");
    expect(covered.sort()).toEqual(archivable.map((policy) => policy.id).sort());
    for (const step of steps) {
      if (step.step !== "archive") throw new Error("not an archive step");
      expect(step.generatorIds.length).toBeLessThanOrEqual(20);
      // Resources get 15 minutes to be listed; an API's throttling is over after a quiet day.
      expect(step.updatedBefore).toBe(
        step.inventory === "throttled-apis" ? "2026-11-23T03:00:00.000Z" : "2026-11-24T02:45:00.000Z",
      );
    }
  });
});

describe("inventoryKeys", () => {
  it("checks a task set against its service, in both ARN formats", () => {
    expect(inventoryKeys("TaskSet", `${ARN}:task-set/payments/checkout/ecs-svc/1234567890`)).toEqual([
      `${ARN}:service/payments/checkout`,
      `${ARN}:service/checkout`,
    ]);
    expect(inventoryKeys("Service", `${ARN}:service/payments/checkout`)).toEqual([
      `${ARN}:service/payments/checkout`,
    ]);
  });
});

describe("findingsToArchive", () => {
  const context = { partition: "aws", region: "eu-west-1", account: "123456789012", observedAt: SWEEP };
  it("leaves alone a finding of a policy it does not know, or one whose id it would not build", () => {
    const foreign = {
      Id: "x",
      GeneratorId: "someone-elses-check",
      Resources: [{ Type: "Other", Id: `${ARN}:service/a/b` }],
    };
    const renamed = {
      Id: "not-our-id",
      GeneratorId: "service-tagged",
      Resources: [{ Type: "Other", Id: `${ARN}:service/a/b` }],
    };
    const stored = [foreign, renamed] as AwsSecurityFinding[];
    expect(findingsToArchive("services", stored, new Set(), policies, EMPTY_CONFIG, context)).toEqual([]);
  });
});
