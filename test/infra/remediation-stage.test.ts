import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { remediationRoute, routes } from "../../shared/runtime/routes.ts";
import { type RegisteredResource, type Synthesis, synthesize } from "./synth.ts";

/**
 * A stage whose config turns remediation on: the remediation function gets the permissions of the actions its
 * modes can take (auto, manual) and nothing for dry-run; the event routes may send remediation requests.
 */
const CONFIG = {
  policies: {
    "no-service-public-ip": { remediation: "auto" },
    "cluster-container-insights": { remediation: "manual" },
    "service-exec-disabled": { remediation: "dry-run" },
  },
};

interface Statement {
  readonly actions: string[];
  readonly resources: string[];
}

let synthesis: Synthesis;

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), "ecs-guardrails-config-")), "remediate.config.json");
  writeFileSync(path, JSON.stringify(CONFIG));
  process.env.ECS_GUARDRAILS_CONFIG = path;
  synthesis = await synthesize("remediate");
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
    expect(changing.sort()).toEqual(["ecs:UpdateClusterSettings", "ecs:UpdateService"]);
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
