import { describe, expect, it } from "vitest";
import { remediationRoute, routes } from "../../shared/runtime/routes.ts";
import {
  importingInvocations,
  SECURITY_HUB_CALLS_PER_SECOND,
  securityHubCallInterval,
} from "../../shared/runtime/sqs-handler.ts";

describe("Security Hub's rate, shared by the functions", () => {
  it("holds when every invocation that may import findings imports at once", () => {
    const callsPerSecondEach = 1000 / securityHubCallInterval(routes);
    const everyImporter = routes
      .filter((route) => route !== remediationRoute)
      .reduce((sum, route) => sum + route.maximumConcurrency, 0);
    expect(everyImporter * callsPerSecondEach).toBeLessThanOrEqual(SECURITY_HUB_CALLS_PER_SECOND);
  });

  it("leaves out the remediation, which imports no findings", () => {
    expect(remediationRoute.permissions.flatMap((permission) => permission.actions)).not.toContain(
      "securityhub:BatchImportFindings",
    );
    const all = routes.reduce((sum, route) => sum + route.maximumConcurrency, 0);
    expect(importingInvocations(routes)).toBe(all - remediationRoute.maximumConcurrency);
  });
});
