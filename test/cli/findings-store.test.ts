import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import { type FindingsStore, storedFindings, upsertFindings } from "../../cli/replay/findings-store.ts";

/** Only what the store reads of a finding, and a status to tell the writes apart. */
const finding = (updatedAt: string, status: "PASSED" | "FAILED") =>
  ({
    Id: "finding-1",
    CreatedAt: updatedAt,
    UpdatedAt: updatedAt,
    Compliance: { Status: status },
  }) as AwsSecurityFinding;

describe("the replay findings store", () => {
  it("takes a later update, keeping the first write's CreatedAt", () => {
    const store: FindingsStore = new Map();
    upsertFindings(store, [finding("2026-11-24T10:00:00Z", "FAILED")]);
    upsertFindings(store, [finding("2026-11-24T11:00:00Z", "PASSED")]);
    expect(storedFindings(store)).toEqual([
      { ...finding("2026-11-24T11:00:00Z", "PASSED"), CreatedAt: "2026-11-24T10:00:00Z" },
    ]);
  });

  it.each([
    ["an earlier", "2026-11-24T09:00:00Z"],
    ["an equally timed", "2026-11-24T10:00:00Z"],
  ])("ignores %s update, as Security Hub does", (_, updatedAt) => {
    const store: FindingsStore = new Map();
    upsertFindings(store, [finding("2026-11-24T10:00:00Z", "FAILED")]);
    upsertFindings(store, [finding(updatedAt, "PASSED")]);
    expect(storedFindings(store).map((stored) => stored.Compliance?.Status)).toEqual(["FAILED"]);
  });
});
