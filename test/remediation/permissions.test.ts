import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, type GuardrailsConfig } from "../../shared/engine/config.ts";
import { policies } from "../../shared/policies/index.ts";
import { ACTIONS, actionsFor } from "../../shared/remediation/actions/index.ts";
import { remediationPermissions } from "../../shared/remediation/permissions.ts";

const withModes = (
  modes: Record<string, string>,
  stages: GuardrailsConfig["stages"] = {},
): GuardrailsConfig =>
  ({
    ...EMPTY_CONFIG,
    policies: Object.fromEntries(Object.entries(modes).map(([id, remediation]) => [id, { remediation }])),
    stages,
  }) as GuardrailsConfig;

const actionsOf = (permissions: ReturnType<typeof remediationPermissions>) =>
  [...new Set(permissions.flatMap((permission) => permission.actions))].sort();

describe("fixable policies", () => {
  it.each(policies.map((policy) => [policy.id, policy] as const))(
    "%s is fixable exactly when an action repairs it",
    (_, policy) => {
      expect(policy.remediation.fixable).toBe(actionsFor(policy.id).length > 0);
    },
  );
});

describe("remediationPermissions", () => {
  it("grants nothing while every mode is off, notify or dry-run", () => {
    expect(remediationPermissions(policies, EMPTY_CONFIG, "production")).toEqual([]);
    const watching = withModes({
      "no-service-public-ip": "notify",
      "cluster-container-insights": "dry-run",
      "no-privileged-containers": "off",
    });
    expect(remediationPermissions(policies, watching, "production")).toEqual([]);
  });

  it("grants the actions of the policies in auto or manual mode, and only those", () => {
    const config = withModes({ "no-service-public-ip": "auto", "cluster-container-insights": "manual" });
    expect(actionsOf(remediationPermissions(policies, config, "production"))).toEqual(
      [
        "ecs:DescribeClusters",
        "ecs:DescribeServices",
        "ecs:UpdateClusterSettings",
        "ecs:UpdateService",
      ].sort(),
    );
  });

  it("reads the stage's own modes over the top-level ones", () => {
    const config = withModes({ "service-exec-disabled": "auto" }, {
      staging: { policies: { "service-exec-disabled": { remediation: "dry-run" } } },
    } as GuardrailsConfig["stages"]);
    expect(remediationPermissions(policies, config, "staging")).toEqual([]);
    expect(actionsOf(remediationPermissions(policies, config, "production"))).toContain("ecs:UpdateService");
  });

  it("grants every action's permissions when every fixable policy is in auto mode, each statement once", () => {
    const all = withModes(
      Object.fromEntries(
        policies.filter((policy) => policy.remediation.fixable).map((policy) => [policy.id, "auto"]),
      ),
    );
    const granted = remediationPermissions(policies, all, "production");
    expect(actionsOf(granted)).toEqual(
      [
        ...new Set(
          ACTIONS.flatMap((action) => action.permissions.flatMap((permission) => permission.actions)),
        ),
      ].sort(),
    );
    expect(new Set(granted.map((permission) => JSON.stringify(permission))).size).toBe(granted.length);
  });

  it("narrows each statement to the stage's scope by the condition keys its actions support", () => {
    const config: GuardrailsConfig = {
      ...withModes({
        "no-service-public-ip": "auto",
        "cluster-container-insights": "auto",
        "no-root-user": "auto",
      }),
      remediationScope: {
        clusters: ["prod", "payments"],
        tag: { key: "ecs-guardrails:remediate", value: "true" },
      },
    };
    const granted = remediationPermissions(policies, config, "production");
    const statementOf = (action: string) =>
      granted.filter((permission) => permission.actions.includes(action));

    // UpdateService supports both keys.
    expect(statementOf("ecs:UpdateService")).toEqual([
      expect.objectContaining({
        conditions: {
          ArnEquals: {
            "ecs:cluster": [
              "arn:{partition}:ecs:{region}:{account}:cluster/prod",
              "arn:{partition}:ecs:{region}:{account}:cluster/payments",
            ],
          },
          StringEquals: { "aws:ResourceTag/ecs-guardrails:remediate": "true" },
        },
      }),
    ]);
    // A cluster's settings are narrowed by its tags only.
    expect(statementOf("ecs:UpdateClusterSettings")).toEqual([
      expect.objectContaining({
        conditions: { StringEquals: { "aws:ResourceTag/ecs-guardrails:remediate": "true" } },
      }),
    ]);
    // RegisterTaskDefinition supports neither: the remediation's own scope check covers it.
    expect(statementOf("ecs:RegisterTaskDefinition")).toEqual([
      expect.not.objectContaining({ conditions: expect.anything() }),
    ]);
    // A statement's own conditions stay.
    expect(statementOf("iam:PassRole")).toEqual([
      expect.objectContaining({
        conditions: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      }),
    ]);
  });
});
