import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, parseConfig } from "../../shared/engine/config.ts";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { setsExemptionTags } from "../../shared/engine/exemptions.ts";
import { policies } from "../../shared/policies/index.ts";
import noPrivilegedContainers from "../../shared/policies/no-privileged-containers.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";

const TODAY = "2026-11-24";

function privileged(tags: Record<string, string>) {
  return taskDefinition({
    containerDefinitions: [containerDefinition({ privileged: true })],
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  });
}

const verdictOf = (resource: ReturnType<typeof privileged>, config = EMPTY_CONFIG, resourceId?: string) =>
  evaluatePolicy(noPrivilegedContainers, resource, {
    config,
    today: TODAY,
    ...(resourceId ? { resourceId } : {}),
  });

describe("exemptions by tag", () => {
  it.each([
    [
      "the policy id",
      {
        "ecs-guardrails:exempt": "no-privileged-containers",
        "ecs-guardrails:exempt-reason": "GPU driver needs it",
      },
    ],
    ["all", { "ecs-guardrails:exempt": "all", "ecs-guardrails:exempt-reason": "sandbox" }],
    [
      "one of several ids",
      {
        "ecs-guardrails:exempt": "no-root-user no-privileged-containers",
        "ecs-guardrails:exempt-reason": "agent",
      },
    ],
    [
      "an end date still ahead",
      {
        "ecs-guardrails:exempt": "no-privileged-containers",
        "ecs-guardrails:exempt-reason": "migration",
        "ecs-guardrails:exempt-until": "2026-11-24",
      },
    ],
  ])("turns FAILED into EXEMPTED for %s, saying why", (_, tags) => {
    const verdict = verdictOf(privileged(tags));
    expect(verdict.status).toBe("EXEMPTED");
    expect(verdict.exemption?.source).toBe("tag");
    expect(verdict.evidence.at(-1)?.message).toMatch(/^exempted by the resource's ecs-guardrails:exempt tag/);
  });

  it.each([
    ["without a reason", { "ecs-guardrails:exempt": "all" }, "ecs-guardrails:exempt-reason is missing"],
    [
      "after its end date",
      {
        "ecs-guardrails:exempt": "all",
        "ecs-guardrails:exempt-reason": "r",
        "ecs-guardrails:exempt-until": "2026-11-23",
      },
      "ended on 2026-11-23",
    ],
    [
      "with a malformed end date",
      {
        "ecs-guardrails:exempt": "all",
        "ecs-guardrails:exempt-reason": "r",
        "ecs-guardrails:exempt-until": "soon",
      },
      "is not YYYY-MM-DD",
    ],
  ])("is ignored %s, and the evidence says so", (_, tags, problem) => {
    const verdict = verdictOf(privileged(tags));
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence.at(-1)?.message).toContain(problem);
  });

  it("names who set the tags when the event judged is the TagResource call that set them", () => {
    const verdict = evaluatePolicy(
      noPrivilegedContainers,
      privileged({ "ecs-guardrails:exempt": "all", "ecs-guardrails:exempt-reason": "agent" }),
      { today: TODAY, exemptionTagsSetBy: "arn:aws:iam::123456789012:user/alice" },
    );
    expect(verdict.exemption?.setBy).toBe("arn:aws:iam::123456789012:user/alice");
    expect(verdict.evidence.at(-1)?.message).toBe(
      "exempted by the resource's ecs-guardrails:exempt tag (set by arn:aws:iam::123456789012:user/alice): agent",
    );
  });

  it.each([
    [{ tags: [{ key: "ecs-guardrails:exempt", value: "all" }] }, true],
    [
      {
        tags: [
          { key: "team", value: "a" },
          { key: "ecs-guardrails:exempt-until", value: "2027-01-01" },
        ],
      },
      true,
    ],
    [{ tags: [{ key: "team", value: "a" }] }, false],
    [{ tags: "ecs-guardrails:exempt" }, false],
    [{ resourceArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod" }, false],
    [null, false],
  ])("reads from a TagResource request whether it sets exemption tags: %j", (requestParameters, expected) => {
    expect(setsExemptionTags(requestParameters)).toBe(expected);
  });

  it("does not cover other policies", () => {
    const verdict = verdictOf(
      privileged({ "ecs-guardrails:exempt": "no-root-user", "ecs-guardrails:exempt-reason": "r" }),
    );
    expect(verdict.status).toBe("FAILED");
  });

  it("leaves PASSED and NOT_APPLICABLE verdicts as they are", () => {
    const tags = [
      { key: "ecs-guardrails:exempt", value: "all" },
      { key: "ecs-guardrails:exempt-reason", value: "r" },
    ];
    expect(evaluatePolicy(noPrivilegedContainers, taskDefinition({ tags }), { today: TODAY }).status).toBe(
      "PASSED",
    );
  });

  it("covers an UNKNOWN verdict too", () => {
    const resource = taskDefinition({
      containerDefinitions: [
        containerDefinition({ privileged: intrinsic("/containerDefinitions/0/privileged") }),
      ],
      tags: [
        { key: "ecs-guardrails:exempt", value: "all" },
        { key: "ecs-guardrails:exempt-reason", value: "r" },
      ],
    });
    expect(evaluatePolicy(noPrivilegedContainers, resource, { today: TODAY }).status).toBe("EXEMPTED");
  });
});

describe("exemptions in the config file", () => {
  const config = parseConfig(
    {
      exemptions: [
        {
          resource: "stacks/*.yaml#/Resources/Agent",
          policies: ["no-privileged-containers"],
          reason: "node agent",
        },
        { resource: "old.json#", policies: "all", reason: "legacy", until: "2026-01-31" },
      ],
    },
    policies,
    "config.json",
  );

  it("match resource ids, with * as a wildcard", () => {
    const verdict = verdictOf(privileged({}), config, "stacks/prod.yaml#/Resources/Agent");
    expect(verdict).toMatchObject({
      status: "EXEMPTED",
      exemption: { source: "config", reason: "node agent" },
    });
    expect(verdict.evidence.at(-1)?.message).toBe("exempted by the config file: node agent");
  });

  it("end after their last day", () => {
    const verdict = verdictOf(privileged({}), config, "old.json#");
    expect(verdict.status).toBe("FAILED");
    expect(verdict.evidence.at(-1)?.message).toBe("the exemption in the config ended on 2026-01-31");
  });

  it("do not match other resources", () => {
    expect(verdictOf(privileged({}), config, "stacks/prod.yaml#/Resources/Web").status).toBe("FAILED");
  });
});
