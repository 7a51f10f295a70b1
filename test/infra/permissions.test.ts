/**
 * Every IAM action a route grants names a real API operation of its service (a typo would deploy fine
 * and fail only when the handler makes the call), and none is a wildcard.
 */
import { describe, expect, it } from "vitest";
import { routes } from "../../shared/runtime/routes.ts";
import { iamActionExists, modelsAvailable } from "../helpers/aws-model.ts";

const grants = routes.flatMap((route) =>
  route.permissions.flatMap((permission) =>
    permission.actions.map((action) => ({ route: route.id, action })),
  ),
);

const available = modelsAvailable();

describe("route permissions", () => {
  it.each(grants)("$route grants $action without a wildcard", ({ action }) => {
    expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
  });

  const models = available ? "the AWS API models" : "the AWS API models (skipped: the models are absent)";
  describe.skipIf(!available)(`against ${models}`, () => {
    it.each(grants)("$route grants $action, an operation of its service", async ({ action }) => {
      expect(await iamActionExists(action)).toBe(true);
    });
  });
});
