import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { policies } from "../../shared/policies/index.ts";

const POLICY_DIRECTORY = new URL("../../shared/policies/", import.meta.url);
const NOT_POLICIES = new Set(["define-policy.ts", "index.ts"]);

/** Security Hub CSPM's ECS controls; AWS never used ECS.6, ECS.7 or ECS.11. */
const SECURITY_HUB_CONTROLS = new Set(
  Array.from({ length: 21 }, (_, index) => `ECS.${index + 1}`).filter(
    (id) => !["ECS.6", "ECS.7", "ECS.11"].includes(id),
  ),
);

const policyMetadata = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "kebab-case"),
  title: z
    .string()
    .min(10)
    .max(100)
    .refine((title) => !/^ensure\b/i.test(title), "titles state the secure condition, never 'Ensure …'"),
  severity: z.enum(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"]),
  resource: z.enum([
    "TaskDefinition",
    "Service",
    "TaskSet",
    "Task",
    "Cluster",
    "CapacityProvider",
    "ApiThrottling",
    "ServiceEvent",
    "ContainerInstance",
    "RunningTask",
    "AccountSetting",
  ]),
  controls: z.array(
    z.string().refine((control) => SECURITY_HUB_CONTROLS.has(control), "a Security Hub ECS control"),
  ),
  practice: z.string().min(10),
  rationale: z.string().min(40).max(700),
  deviations: z.string().min(20).optional(),
  messages: z.record(
    z.string().regex(/^[a-z][A-Za-z]*$/, "camelCase message id"),
    z.string().min(5).max(400),
  ),
  remediation: z.object({
    recommendation: z.string().min(20).max(512),
    url: z.url({ protocol: /^https$/ }).optional(),
    fixable: z.boolean(),
  }),
  parameters: z
    .record(
      z.string().regex(/^[a-z][A-Za-z]*$/, "camelCase parameter name"),
      z.object({
        description: z.string().min(10),
        schema: z.object({ safeParse: z.function() }).passthrough(),
        default: z.unknown(),
      }),
    )
    .optional(),
  needs: z
    .array(
      z.enum([
        "rolePermissions",
        "ec2Instance",
        "containerInstanceTasks",
        "networkInterface",
        "taskDefinitionRevision",
      ]),
    )
    .min(1)
    .optional(),
  evaluate: z.function(),
});

describe("policy registry", () => {
  const files = readdirSync(POLICY_DIRECTORY).filter(
    (file) => file.endsWith(".ts") && !NOT_POLICIES.has(file),
  );

  it("holds every policy file, and only those", () => {
    expect(policies.map((policy) => `${policy.id}.ts`).sort()).toEqual(files.sort());
  });

  it("is sorted by id, with unique ids", () => {
    const ids = policies.map((policy) => policy.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(policies.map((policy) => [policy.id, policy] as const))("%s has valid metadata", (_, policy) => {
    expect(() => policyMetadata.strict().parse(policy)).not.toThrow();
  });

  it.each(policies.map((policy) => [policy.id] as const))("%s has a table test", (id) => {
    expect(
      existsSync(new URL(`../policies/${id}.test.ts`, import.meta.url)),
      `test/policies/${id}.test.ts`,
    ).toBe(true);
  });

  it.each(
    policies.flatMap((policy) =>
      Object.entries(policy.parameters ?? {}).map(([name, spec]) => [`${policy.id}.${name}`, spec] as const),
    ),
  )("the default of %s satisfies its own schema", (_, spec) => {
    expect(spec.schema.safeParse(spec.default).success).toBe(true);
  });

  it("claims each Security Hub control at most once", () => {
    const controls = policies.flatMap((policy) => policy.controls);
    expect(new Set(controls).size).toBe(controls.length);
  });

  it("declares the lookups a policy reads, so the shell fetches that state only for policies that are on", () => {
    for (const policy of policies) {
      const source = readFileSync(new URL(`${policy.id}.ts`, POLICY_DIRECTORY), "utf8");
      expect(policy.needs !== undefined, policy.id).toBe(/\blookups\s*[.}]/.test(source));
    }
  });

  it("names files after ids", () => {
    for (const file of files)
      expect(policies.some((policy) => policy.id === basename(file, ".ts"))).toBe(true);
  });
});
