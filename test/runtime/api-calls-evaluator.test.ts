import { describe, expect, it } from "vitest";
import { offlineReader } from "../../cli/replay/offline-reader.ts";
import { ecsApiCallEvent } from "../../events/schemas/cloudtrail-ecs.ts";
import { EMPTY_CONFIG, parseConfig } from "../../shared/engine/config.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { policies } from "../../shared/policies/index.ts";
import { apiCallsEvaluator } from "../../shared/runtime/api-calls-evaluator.ts";
import { sampleEvent } from "../helpers/samples.ts";

/** A reader that answers every role with no policies and counts the roles it was asked for. */
function countingReader(): StateReader & { readonly rolesRead: string[] } {
  const rolesRead: string[] = [];
  return {
    // Reads no test here makes are skipped, as in replay.
    ...offlineReader,
    rolesRead,
    read: async () => ({ skipped: "not read in this test" }),
    readRolePermissions: async (roleName) => {
      rolesRead.push(roleName);
      return { managedPolicyArns: [], policies: [] };
    },
  };
}

const registered = ecsApiCallEvent.parse(sampleEvent("api-calls/register-task-definition-privileged-root"));

describe("api-calls evaluator", () => {
  it("reads the task role's permissions for task-role-least-privilege", async () => {
    const reader = countingReader();
    const { findings } = await apiCallsEvaluator.evaluate(registered, reader, {
      policies,
      config: EMPTY_CONFIG,
    });
    expect(reader.rolesRead).toHaveLength(1);
    const leastPrivilege = findings.find((finding) => finding.GeneratorId === "task-role-least-privilege");
    expect(leastPrivilege?.Compliance?.Status).toBe("PASSED");
  });

  it("reads no IAM state while the only policy that needs it is turned off", async () => {
    const reader = countingReader();
    const config = parseConfig(
      { policies: { "task-role-least-privilege": { enabled: false } } },
      policies,
      "test config",
    );
    const { findings } = await apiCallsEvaluator.evaluate(registered, reader, { policies, config });
    expect(reader.rolesRead).toEqual([]);
    expect(findings.some((finding) => finding.GeneratorId === "task-role-least-privilege")).toBe(false);
    expect(findings.length).toBeGreaterThan(0);
  });
});
