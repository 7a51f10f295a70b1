import { describe, expect, it } from "vitest";
import noHostPidMode from "../../shared/policies/no-host-pid-mode.ts";
import { taskDefinition } from "./builders.ts";
import { type PolicyCases, tableProblems } from "./policy-tester.ts";

type Cases = PolicyCases<typeof noHostPidMode>;

const valid = { name: "task", resource: taskDefinition({ pidMode: "task" }) };
const invalid = {
  name: "host",
  resource: taskDefinition({ pidMode: "host" }),
  violations: [{ messageId: "hostPid" as const, path: "/pidMode" }],
};

describe("PolicyTester guards its tables", () => {
  it("accepts a well-formed table", () => {
    expect(tableProblems(noHostPidMode, { valid: [valid], invalid: [invalid] })).toEqual([]);
  });

  it.each<[string, Cases, string]>([
    ["no valid cases", { valid: [], invalid: [invalid] }, "valid cases are required"],
    ["no invalid cases", { valid: [valid], invalid: [] }, "invalid cases are required"],
    [
      "a duplicate name",
      { valid: [valid, { ...valid, resource: taskDefinition() }], invalid: [invalid] },
      'duplicate case name "task"',
    ],
    [
      "a duplicate resource",
      { valid: [valid, { ...valid, name: "again" }], invalid: [invalid] },
      `case "again" duplicates another case's resource`,
    ],
    [
      "an unknown message id",
      {
        valid: [valid],
        invalid: [{ ...invalid, violations: [{ messageId: "hostPID" as "hostPid", path: "/pidMode" }] }],
      },
      'case "host" expects unknown message "hostPID"',
    ],
    [
      "an invalid case without violations",
      { valid: [valid], invalid: [{ ...invalid, violations: [] }] },
      'invalid case "host" lists no violation',
    ],
    [
      "an unknown key",
      { valid: [{ ...valid, violations: [] } as typeof valid], invalid: [invalid] },
      'case "task" has unknown keys: violations',
    ],
    [
      "an unknown group",
      { valid: [valid], invalid: [invalid], todo: [] } as Cases,
      'unknown case group "todo"',
    ],
  ])("rejects %s", (_, cases, problem) => {
    expect(tableProblems(noHostPidMode, cases)).toContain(problem);
  });
});
