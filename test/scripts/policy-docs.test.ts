import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOCS_DIRECTORY, policyPage, policyPages } from "../../scripts/policy-docs.ts";
import { policies } from "../../shared/policies/index.ts";
import { actionsFor } from "../../shared/remediation/actions/index.ts";

const root = new URL("../../", import.meta.url);

describe("generated policy pages", () => {
  it("exist for every policy and nothing else (run `npm run docs`)", () => {
    const expected = [...policyPages(policies).keys()]
      .map((path) => path.slice(DOCS_DIRECTORY.length + 1))
      .sort();
    const actual = existsSync(new URL(DOCS_DIRECTORY, root))
      ? readdirSync(new URL(DOCS_DIRECTORY, root)).sort()
      : [];
    expect(actual).toEqual(expected);
  });

  it.each([...policyPages(policies)])("%s is up to date (run `npm run docs`)", (path, page) => {
    expect(readFileSync(new URL(path, root), "utf8")).toBe(page);
  });

  it("states parity, deviations and parameters from the metadata", () => {
    const withControl = policies.find((policy) => policy.controls.length > 0);
    const beyond = policies.find((policy) => policy.controls.length === 0);
    if (withControl === undefined || beyond === undefined) throw new Error("the registry needs both kinds");
    expect(policyPage(withControl)).toContain(
      `Same verdicts as Security Hub CSPM [${withControl.controls[0]}]`,
    );
    expect(policyPage(beyond)).toContain("Beyond Security Hub");
    for (const policy of policies) {
      const page = policyPage(policy);
      expect(page).toContain(policy.rationale);
      expect(page).toContain(policy.remediation.recommendation);
      if (policy.deviations !== undefined) expect(page).toContain(policy.deviations);
      for (const name of Object.keys(policy.parameters ?? {})) expect(page).toContain(`| \`${name}\` |`);
    }
  });

  it("names, on a fixable policy's page, each action that repairs it and every IAM action it is granted", () => {
    for (const policy of policies) {
      const page = policyPage(policy);
      const actions = actionsFor(policy.id);
      expect(page.includes("## Remediation by ECS Guardrails"), policy.id).toBe(actions.length > 0);
      for (const action of actions) {
        expect(page).toContain(`### \`${action.id}\``);
        for (const name of action.permissions.flatMap((permission) => permission.actions)) {
          expect(page).toContain(`\`${name}\``);
        }
      }
    }
  });
});
