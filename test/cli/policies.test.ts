import { describe, expect, it } from "vitest";
import { policies } from "../../shared/policies/index.ts";
import { runCli } from "./run-cli.ts";

describe("ecs-guardrails policies", () => {
  it("prints the catalog as JSON", async () => {
    const { code, stdout } = await runCli("policies", "--format", "json");
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { policies: Record<string, unknown>[] };
    expect(listed.policies).toHaveLength(policies.length);
    expect(listed.policies.find((policy) => policy.id === "no-privileged-containers")).toEqual({
      id: "no-privileged-containers",
      title: "ECS containers run without privileged mode",
      severity: "HIGH",
      resource: "TaskDefinition",
      controls: ["ECS.4"],
      // Deregistering the revision is the repair (remediation action deregister-task-definition).
      fixable: true,
      parameters: {},
    });
    for (const policy of listed.policies) {
      expect(Object.keys(policy)).toEqual([
        "id",
        "title",
        "severity",
        "resource",
        "controls",
        "fixable",
        "parameters",
      ]);
    }
  });

  it("lists parameters with their defaults", async () => {
    const withParameters = policies.find((policy) => Object.keys(policy.parameters ?? {}).length > 0);
    if (withParameters === undefined) throw new Error("the registry has a policy with parameters");
    const { stdout } = await runCli("policies", "--format", "json");
    const listed = (
      JSON.parse(stdout) as { policies: { id: string; parameters: Record<string, { default: unknown }> }[] }
    ).policies;
    const [name, spec] = Object.entries(withParameters.parameters ?? {})[0] ?? [];
    expect(listed.find((policy) => policy.id === withParameters.id)?.parameters[name ?? ""]?.default).toEqual(
      spec?.default,
    );
  });

  it("prints one line a policy, then the totals", async () => {
    const { stdout } = await runCli("policies");
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(policies.length + 1);
    expect(lines.at(-1)).toMatch(/^\d+ policies: \d+ Security Hub controls, \d+ beyond Security Hub$/);
  });

  it("rejects an unknown format", async () => {
    expect((await runCli("policies", "--format", "yaml")).code).toBe(2);
  });
});
