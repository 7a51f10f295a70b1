import { readFile, rename, writeFile } from "node:fs/promises";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";

/**
 * An embedded stand-in for Security Hub: findings by id, upserted as BatchImportFindings does (an update
 * only when its UpdatedAt is later than the finding's; the first write's CreatedAt is kept; archived findings stay).
 */
export type FindingsStore = Map<string, AwsSecurityFinding>;

export function upsertFindings(store: FindingsStore, findings: readonly AwsSecurityFinding[]): void {
  for (const finding of findings) {
    const id = finding.Id ?? "";
    const existing = store.get(id);
    // Security Hub ignores an update whose UpdatedAt is not later than the finding's: a late or repeated
    // event never moves a finding back.
    if (existing !== undefined && (finding.UpdatedAt ?? "") <= (existing.UpdatedAt ?? "")) continue;
    store.set(
      id,
      existing === undefined
        ? finding
        : { ...finding, ...(existing.CreatedAt === undefined ? {} : { CreatedAt: existing.CreatedAt }) },
    );
  }
}

/** The store's findings, sorted by id. */
export function storedFindings(store: FindingsStore): AwsSecurityFinding[] {
  return [...store.values()].sort((left, right) => ((left.Id ?? "") < (right.Id ?? "") ? -1 : 1));
}

/** Loads a store file; a missing file is an empty store, a corrupt one an error naming it (never replaced). */
export async function loadStore(path: string): Promise<FindingsStore> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new Error(`cannot read the findings store ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `the findings store ${path} is corrupt (not JSON: ${(error as Error).message}); it was left as it is`,
    );
  }
  const findings = (document as { version?: unknown; findings?: unknown }).findings;
  if (
    (document as { version?: unknown }).version !== 1 ||
    !Array.isArray(findings) ||
    !findings.every(hasId)
  ) {
    throw new Error(
      `the findings store ${path} is corrupt (expected {"version":1,"findings":[…]}); it was left as it is`,
    );
  }
  return new Map(findings.map((finding) => [finding.Id, finding]));
}

/** Writes the store atomically (a temporary file renamed over the old one). */
export async function saveStore(path: string, store: FindingsStore): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ version: 1, findings: storedFindings(store) }, null, 2)}\n`);
  await rename(temporary, path);
}

function hasId(value: unknown): value is AwsSecurityFinding & { Id: string } {
  return typeof value === "object" && value !== null && typeof (value as { Id?: unknown }).Id === "string";
}
