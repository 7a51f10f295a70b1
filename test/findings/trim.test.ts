import { describe, expect, it } from "vitest";
import { joinWithin, trimDetails } from "../../shared/findings/trim.ts";

describe("joinWithin", () => {
  it("joins the items when they fit", () => {
    expect(joinWithin(["rationale", "a", "b"], "\n", 15, "line")).toBe("rationale\na\nb");
  });

  it("keeps whole items while they fit, then says how many were left out", () => {
    // Prepare: room for the rationale, two lines and the note, not for the third line.
    const items = ["rationale", "line one", "line two", `line three ${"3".repeat(40)}`];
    const maximum = "rationale\nline one\nline two\n… 1 more line left out".length;

    // Act
    const text = joinWithin(items, "\n", maximum, "line");

    // Assess
    expect(text).toBe("rationale\nline one\nline two\n… 1 more line left out");
  });

  it("counts in the plural what it leaves out", () => {
    const text = joinWithin(["rationale", "x".repeat(50), "y", "z"], "; ", 40, "reason");
    expect(text.length).toBeLessThanOrEqual(40);
    expect(text).toMatch(/; … 2 more reasons left out$/);
  });

  it("cuts the first piece of evidence rather than leave all of it out", () => {
    // Prepare: a first evidence line longer than the whole limit, with room kept for a note on the others.
    const items = ["rationale", "e".repeat(500), "second", "third"];

    // Act
    const text = joinWithin(items, "\n", 100, "line");

    // Assess
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^rationale\ne+…\n… 2 more lines left out$/);
  });

  it("cuts a rationale too long, keeping room for the evidence or the note on it", () => {
    // Prepare
    const short = ["r".repeat(200), "evidence"];
    const long = ["r".repeat(200), "e".repeat(200)];

    // Act
    const [withEvidence, withNote] = [short, long].map((items) => joinWithin(items, "\n", 100, "line"));

    // Assess
    expect(withEvidence).toMatch(/^r+…\nevidence$/);
    expect(withNote).toHaveLength(100);
    expect(withNote).toMatch(/^r+…\ne+…$/);
  });
});

describe("trimDetails", () => {
  /** A budget on the details' own JSON size, standing in for the finding's 240 KB. */
  const within = (bytes: number) => (trimmed: { details: unknown; note: string | undefined }) =>
    JSON.stringify(trimmed.details ?? null).length <= bytes;

  it("leaves details that fit untouched, with no note", () => {
    const details = { Kind: { Names: ["a", "b"] } };
    expect(trimDetails(details, within(1000))).toEqual({ details, note: undefined });
  });

  it("cuts every list to the same number of first entries, the most that fit", () => {
    // Prepare
    const details = { Kind: { Long: ["a1", "a2", "a3", "a4", "a5", "a6"], Short: ["b1", "b2"] } };
    const budget = JSON.stringify({ Kind: { Long: ["a1", "a2", "a3"], Short: ["b1", "b2"] } }).length;

    // Act
    const trimmed = trimDetails(details, within(budget));

    // Assess
    expect(trimmed.details).toEqual({ Kind: { Long: ["a1", "a2", "a3"], Short: ["b1", "b2"] } });
    expect(trimmed.note).toBe(
      "3 entries of the resource's details left out to keep within Security Hub's 240 KB per finding: Kind.Long (kept 3 of 6)",
    );
  });

  it("removes the inner lists before cutting the outer one", () => {
    // Prepare
    const details = {
      Kind: {
        Items: [
          { Name: "one", Tags: ["x", "y"] },
          { Name: "two", Tags: ["z"] },
          { Name: "three", Tags: [] },
        ],
      },
    };
    const budget = JSON.stringify({ Kind: { Items: [{ Name: "one" }, { Name: "two" }] } }).length;

    // Act
    const trimmed = trimDetails(details, within(budget));

    // Assess
    expect(trimmed.details).toEqual({ Kind: { Items: [{ Name: "one" }, { Name: "two" }] } });
    expect(trimmed.note).toContain("Kind.Items (kept 2 of 3)");
    expect(trimmed.note).toContain("Kind.Items[0].Tags (kept 0 of 2)");
  });

  it("leaves the details out when nothing is left to cut", () => {
    const trimmed = trimDetails({ Kind: { Name: "n".repeat(100) } }, within(50));
    expect(trimmed.details).toBeUndefined();
    expect(trimmed.note).toMatch(/^the resource's details were left out/);
  });
});
