import { beforeAll, describe, expect, it } from "vitest";
import { remediationRoute, routes } from "../../shared/runtime/routes.ts";
import { type RegisteredResource, type Synthesis, synthesizeWithConfig } from "./synth.ts";

/**
 * A stage whose config turns remediation on: the remediation function gets the permissions of the actions its
 * modes can take (auto, manual) and nothing for dry-run; the event routes may send remediation requests.
 */
const CONFIG = {
  policies: {
    "no-service-public-ip": { remediation: "auto" },
    "cluster-container-insights": { remediation: "manual" },
    "service-exec-disabled": { remediation: "dry-run" },
    // A fixed revision: registered with the roles of the old one, which the function must pass to ECS.
    "no-root-user": { remediation: "auto" },
  },
  stages: {
    remediate: {
      remediationScope: { clusters: ["prod"], tag: { key: "ecs-guardrails:remediate", value: "true" } },
    },
  },
};

interface Statement {
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: { test: string; variable: string; values: string[] }[];
}

let synthesis: Synthesis;

beforeAll(async () => {
  synthesis = await synthesizeWithConfig("remediate", CONFIG);
}, 90_000);

/** The statements of the role of the function that consumes the route's queue. */
function statementsOf(routeId: string): Statement[] {
  const role = synthesis.resources.find(
    (resource: RegisteredResource) =>
      resource.type === "aws:iam/role:Role" && resource.name.startsWith(routeId),
  );
  expect(role, routeId).toBeDefined();
  const [policy] = (role?.inputs.inlinePolicies ?? []) as { policy: string }[];
  return JSON.parse(policy?.policy ?? "{}").Statement;
}

const actionsOf = (routeId: string) => statementsOf(routeId).flatMap((statement) => statement.actions);

describe("a stage with remediation on", () => {
  it("lets the remediation function change what auto and manual modes repair, and nothing for dry-run", () => {
    const actions = actionsOf(remediationRoute.id);
    expect(actions).toEqual(expect.arrayContaining(["ecs:UpdateService", "ecs:UpdateClusterSettings"]));
    // service-exec-disabled is in dry-run: its action (UpdateService too) is granted for no-service-public-ip only.
    const changing = actions.filter(
      (action) => /^(ecs|ec2|iam):/.test(action) && !/:(Describe|List|Get)/.test(action),
    );
    expect([...new Set(changing)].sort()).toEqual([
      "ecs:RegisterTaskDefinition",
      "ecs:TagResource",
      "ecs:UpdateClusterSettings",
      "ecs:UpdateService",
      "iam:PassRole",
    ]);
  });

  it("passes roles to ECS tasks only, and tags only the revisions it registers", () => {
    const statements = statementsOf(remediationRoute.id);
    const passRole = statements.find((statement) => statement.actions.includes("iam:PassRole"));
    expect(passRole?.conditions).toEqual([
      { test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] },
    ]);
    const tagging = statements.find((statement) => statement.actions.includes("ecs:TagResource"));
    expect(tagging?.conditions).toEqual([
      { test: "StringEquals", variable: "ecs:CreateAction", values: ["RegisterTaskDefinition"] },
    ]);
  });

  it("narrows what changes services to the stage's scope: its clusters, by ARN, and its tag", () => {
    const statements = statementsOf(remediationRoute.id);
    const updateService = statements.find((statement) => statement.actions.includes("ecs:UpdateService"));
    expect(updateService?.conditions).toEqual([
      {
        test: "ArnEquals",
        variable: "ecs:cluster",
        values: [expect.stringMatching(/^arn:aws:ecs:[a-z0-9-]+:\d{12}:cluster\/prod$/)],
      },
      { test: "StringEquals", variable: "aws:ResourceTag/ecs-guardrails:remediate", values: ["true"] },
    ]);
  });

  it("lets every event route send remediation requests to the default bus", () => {
    for (const route of routes.filter((candidate) => candidate.id !== remediationRoute.id)) {
      const putEvents = statementsOf(route.id).filter((statement) =>
        statement.actions.includes("events:PutEvents"),
      );
      expect(putEvents, route.id).toHaveLength(1);
      expect(putEvents[0]?.resources).toEqual([expect.stringMatching(/:event-bus\/default$/)]);
    }
  });

  it("gives no other function a permission that changes an ECS, EC2 or IAM resource", () => {
    for (const route of routes.filter((candidate) => candidate.id !== remediationRoute.id)) {
      const changing = actionsOf(route.id).filter(
        (action) => /^(ecs|ec2|iam):/.test(action) && !/:(Describe|List|Get)/.test(action),
      );
      expect(changing, route.id).toEqual([]);
    }
  });
});
