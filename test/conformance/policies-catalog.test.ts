/**
 * The catalog as `ecs-guardrails policies --format json` prints it: every Security Hub ECS control number
 * AWS uses (ECS.1 to ECS.21; ECS.6, ECS.7 and ECS.11 do not exist, shared/catalog/peers.md §1.1) reproduced
 * by exactly one policy, and at least 40 policies beyond Security Hub, each with its page in docs/policies.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { main } from "../../cli/main.ts";

/** The numbers of AWS Security Hub's ECS controls, ECS.1 (retired in 2026) included. */
const SECURITY_HUB_CONTROLS = Array.from({ length: 21 }, (_, index) => index + 1)
  .filter((number) => ![6, 7, 11].includes(number))
  .map((number) => `ECS.${number}`);

const BEYOND_SECURITY_HUB_AT_LEAST = 40;

const DOCS_DIRECTORY = fileURLToPath(new URL("../../docs/policies/", import.meta.url));

const listing = z.object({
  policies: z.array(
    z.looseObject({
      id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
      title: z.string().min(1),
      controls: z.array(z.string()),
    }),
  ),
});

describe("ecs-guardrails policies --format json", () => {
  let listed: z.infer<typeof listing>["policies"];

  beforeAll(async () => {
    let output = "";
    let errors = "";
    const code = await main(
      ["policies", "--format", "json"],
      { write: (text: string) => (output += text) },
      { write: (text: string) => (errors += text) },
    );
    expect({ code, errors }).toEqual({ code: 0, errors: "" });
    listed = listing.parse(JSON.parse(output)).policies;
  });

  it("lists each policy once", () => {
    const ids = listed.map(({ id }) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lists every Security Hub ECS control number AWS uses exactly once, and no other", () => {
    const controls = listed.flatMap((policy) => policy.controls);
    expect([...controls].sort()).toEqual([...SECURITY_HUB_CONTROLS].sort());
    // One policy per control: a control is reproduced by one policy, and a policy reproduces one control.
    expect(listed.filter((policy) => policy.controls.length > 1)).toEqual([]);
  });

  it(`lists at least ${BEYOND_SECURITY_HUB_AT_LEAST} policies beyond Security Hub, each with its page`, () => {
    const beyond = listed.filter((policy) => policy.controls.length === 0);
    console.info(
      `Catalog: ${listed.length} policies, ${SECURITY_HUB_CONTROLS.length} Security Hub controls, ` +
        `${beyond.length} beyond Security Hub`,
    );
    expect(beyond.length).toBeGreaterThanOrEqual(BEYOND_SECURITY_HUB_AT_LEAST);
    const withoutPage = beyond
      .filter(({ id }) => !existsSync(`${DOCS_DIRECTORY}${id}.md`))
      .map(({ id }) => id);
    expect(withoutPage).toEqual([]);
  });

  it("has a page for every policy, naming it and its title", () => {
    for (const { id, title } of listed) {
      const page = `${DOCS_DIRECTORY}${id}.md`;
      expect(existsSync(page), page).toBe(true);
      const text = readFileSync(page, "utf8");
      expect(text.startsWith(`# ${id}\n`), page).toBe(true);
      expect(text, page).toContain(title);
    }
  });
});
