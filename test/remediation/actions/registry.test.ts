import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policies } from "../../../shared/policies/index.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import { ACTIONS, actionsFor } from "../../../shared/remediation/actions/index.ts";
import stopTask from "../../../shared/remediation/actions/stop-task.ts";
import type { PermissionSpec } from "../../../shared/runtime/routes.ts";
import { iamActionExists } from "../../helpers/aws-model.ts";
import { service } from "../../helpers/builders.ts";

/** Actions IAM authorizes as part of another request, without an API operation of their own. */
const PERMISSION_ONLY_ACTIONS: ReadonlySet<string> = new Set(["iam:PassRole"]);

const ACTION_FILES = readdirSync(new URL("../../../shared/remediation/actions/", import.meta.url))
  .filter((file) => file.endsWith(".ts") && file !== "index.ts")
  .map((file) => file.slice(0, -".ts".length));

describe("remediation actions", () => {
  it("lists every action once, each in the file named by its kebab-case id", () => {
    const ids = ACTIONS.map((action) => action.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(ACTION_FILES).toContain(id);
    }
  });

  it("lists every module of the folder that declares an action", async () => {
    const declared = await Promise.all(
      ACTION_FILES.map(async (file) => {
        const module: { default?: unknown } = await import(`../../../shared/remediation/actions/${file}.ts`);
        return module.default;
      }),
    );
    const actions = declared.filter((action) => action !== undefined);
    expect(actions).toHaveLength(ACTIONS.length);
    expect(new Set(actions)).toEqual(new Set(ACTIONS));
  });

  it.each(ACTIONS.map((action) => [action.id, action] as const))(
    "%s repairs policies of its kinds",
    (_id, action) => {
      expect(action.policies.length).toBeGreaterThan(0);
      expect(action.description.length).toBeLessThanOrEqual(120);
      for (const policyId of action.policies) {
        const policy = policies.find((candidate) => candidate.id === policyId);
        expect(policy, policyId).toBeDefined();
        expect(action.resources).toContain(policy?.resource);
        expect(actionsFor(policyId)).toContain(action);
      }
    },
  );

  it.each(ACTIONS.map((action) => [action.id, action] as const))(
    "%s declares existing IAM actions on ARN templates the stack can fill",
    async (_id, action) => {
      expect(action.permissions.length).toBeGreaterThan(0);
      for (const permission of action.permissions) {
        // A remediation permission is a route's PermissionSpec plus its scoping keys: the stack grants both alike.
        const spec: PermissionSpec = permission;
        expect(spec.resources.length).toBeGreaterThan(0);
        for (const iamAction of permission.actions) {
          // IAM checks these during another call: no API operation bears their name.
          if (PERMISSION_ONLY_ACTIONS.has(iamAction))
            expect(permission.checkedDuring, iamAction).toBeDefined();
          else expect(await iamActionExists(iamAction), iamAction).toBe(true);
        }
        if (permission.checkedDuring !== undefined) {
          const sent = action.permissions.flatMap((statement) => statement.actions);
          expect(sent).toContain(permission.checkedDuring);
        }
        for (const resource of permission.resources) {
          if (resource === "*") continue;
          expect(resource.arn).toMatch(
            /^arn:\{partition\}:((ecs|ec2):\{region\}:\{account\}:[a-z-]+|iam::\{account\}:role)\/\*$/,
          );
        }
      }
    },
  );

  it("plans nothing for a resource of a kind the action does not repair", () => {
    expect(
      planFor(stopTask, service(), { policyId: "no-service-public-ip", violations: ["public"] }),
    ).toEqual({
      kind: "precluded",
      reason: "stop-task does not repair a Service",
    });
  });
});
