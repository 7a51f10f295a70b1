import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findingId, MAX_FINDING_ID_LENGTH } from "../../shared/findings/finding-id.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";

const POLICY = "no-root-user";
const TASK_DEFINITION_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`;
const PREFIX = `${REGION}/${ACCOUNT}/${POLICY}/`;
const HASHED = new RegExp(`^${PREFIX}sha256:[0-9a-f]{64}$`);

/** A resource id that makes the plain finding id exactly `length` characters long. */
function resourceIdForIdLength(length: number, filler = "x"): string {
  const head = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/`;
  return head + filler.repeat(length - PREFIX.length - head.length);
}

describe("findingId", () => {
  it("joins region, account, policy and resource id with slashes", () => {
    // Prepare
    const resourceId = TASK_DEFINITION_ARN;

    // Act
    const id = findingId(REGION, ACCOUNT, POLICY, resourceId);

    // Assess
    expect(id).toBe(`eu-west-1/123456789012/no-root-user/${TASK_DEFINITION_ARN}`);
  });

  it("gives the same id for the same inputs, so a repeated event updates the same finding", () => {
    // Prepare
    const inputs = [REGION, ACCOUNT, POLICY, TASK_DEFINITION_ARN] as const;

    // Act
    const first = findingId(...inputs);
    const second = findingId(...inputs);

    // Assess
    expect(second).toBe(first);
  });

  const variations: { part: string; args: Parameters<typeof findingId> }[] = [
    { part: "region", args: ["us-east-1", ACCOUNT, POLICY, TASK_DEFINITION_ARN] },
    { part: "account", args: [REGION, "210987654321", POLICY, TASK_DEFINITION_ARN] },
    { part: "policy", args: [REGION, ACCOUNT, "no-host-pid-mode", TASK_DEFINITION_ARN] },
    { part: "resource", args: [REGION, ACCOUNT, POLICY, `${TASK_DEFINITION_ARN}0`] },
  ];

  it.each(variations)("gives a different id when only the $part differs", ({ args }) => {
    // Prepare
    const reference = findingId(REGION, ACCOUNT, POLICY, TASK_DEFINITION_ARN);

    // Act
    const other = findingId(...args);

    // Assess
    expect(other).not.toBe(reference);
  });

  it("documents ASFF's limit of 512 characters", () => {
    // Prepare, Act
    const limit = MAX_FINDING_ID_LENGTH;

    // Assess
    expect(limit).toBe(512);
  });

  it.each([
    { idLength: 100, hashed: false },
    { idLength: 511, hashed: false },
    { idLength: 512, hashed: false },
    { idLength: 513, hashed: true },
    { idLength: 5000, hashed: true },
  ])(
    "keeps the resource id readable up to 512 characters (plain id of $idLength → hashed: $hashed)",
    ({ idLength, hashed }) => {
      // Prepare
      const resourceId = resourceIdForIdLength(idLength);

      // Act
      const id = findingId(REGION, ACCOUNT, POLICY, resourceId);

      // Assess
      expect(id.length).toBeLessThanOrEqual(MAX_FINDING_ID_LENGTH);
      if (hashed) expect(id).toMatch(HASHED);
      else expect(id).toBe(`${PREFIX}${resourceId}`);
    },
  );

  it("replaces a resource id too long for ASFF by the SHA-256 of the whole resource id", () => {
    // Prepare
    const resourceId = resourceIdForIdLength(2000);

    // Act
    const id = findingId(REGION, ACCOUNT, POLICY, resourceId);

    // Assess
    expect(id).toBe(`${PREFIX}sha256:${createHash("sha256").update(resourceId).digest("hex")}`);
  });

  it("keeps the hashed id deterministic", () => {
    // Prepare
    const resourceId = resourceIdForIdLength(1000);

    // Act
    const first = findingId(REGION, ACCOUNT, POLICY, resourceId);
    const second = findingId(REGION, ACCOUNT, POLICY, resourceId);

    // Assess
    expect(first).toMatch(HASHED);
    expect(second).toBe(first);
  });

  it("gives different hashed ids to long resource ids that differ only after the first 512 characters", () => {
    // Prepare
    const common = resourceIdForIdLength(1000);
    const resourceIds = [`${common}-a`, `${common}-b`];

    // Act
    const ids = resourceIds.map((resourceId) => findingId(REGION, ACCOUNT, POLICY, resourceId));

    // Assess
    expect(ids[0]).toMatch(HASHED);
    expect(ids[1]).toMatch(HASHED);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
