import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { guardrailsConfigFor } from "../../stacks/config-file.ts";

const directory = mkdtempSync(join(tmpdir(), "ecs-guardrails-config-"));
const file = (name: string, content: string) => {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
};

describe("the config file the stack passes to the functions", () => {
  it("is absent when there is no file", () => {
    expect(guardrailsConfigFor(join(directory, "missing.json"))).toBeUndefined();
  });

  it("is the validated file, compacted", () => {
    const path = file(
      "ok.json",
      JSON.stringify({ policies: { "no-root-user": { enabled: false } } }, null, 2),
    );
    expect(guardrailsConfigFor(path)).toBe('{"policies":{"no-root-user":{"enabled":false}}}');
  });

  it("fails the deploy on an invalid file", () => {
    const path = file("typo.json", JSON.stringify({ policies: { "no-rot-user": {} } }));
    expect(() => guardrailsConfigFor(path)).toThrow("policies.no-rot-user: no such policy");
  });

  it("fails the deploy when it would not fit the functions' environment", () => {
    const reason = "x".repeat(4000);
    const path = file(
      "big.json",
      JSON.stringify({ exemptions: [{ resource: "*", policies: "all", reason }] }),
    );
    expect(() => guardrailsConfigFor(path)).toThrow(/functions' environment holds 3072/);
  });
});
