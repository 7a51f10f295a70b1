import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyTable, withPolicyTable } from "../../scripts/policy-table.ts";
import { policies } from "../../shared/policies/index.ts";

describe("README policy table", () => {
  it("is up to date with the registry (run `npm run docs`)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toBe(withPolicyTable(readme, policies));
  });

  it("lists every policy with its controls", () => {
    const table = policyTable(policies);
    const rows = table.split("\n").map((row) => row.split("|").map((cell) => cell.trim()));
    for (const policy of policies) {
      expect(rows).toContainEqual([
        "",
        `[\`${policy.id}\`](docs/policies/${policy.id}.md)`,
        policy.title,
        policy.resource,
        policy.severity,
        expect.any(String),
        "",
      ]);
    }
    expect(rows.find((row) => row[1]?.startsWith("[`no-privileged-containers`]"))?.[5]).toBe("ECS.4");
    expect(rows.find((row) => row[1]?.startsWith("[`no-task-public-ip`]"))?.[5]).toBe("beyond Security Hub");
  });

  it("refuses a README without markers", () => {
    expect(() => withPolicyTable("# no table", policies)).toThrow(/markers/);
  });
});
