import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { evaluatePolicies, type Status, type Verdict } from "../../shared/engine/evaluate.ts";
import { isCloudFormationTemplate } from "../../shared/model/cloudformation.ts";
import type { ResourceKind } from "../../shared/model/types.ts";
import type { Severity } from "../../shared/policies/define-policy.ts";
import type { Rulebook } from "../../shared/runtime/event-evaluator.ts";
import { type ParsedDocument, parseDocument } from "../parse-document.ts";
import { recognizeDocument, type ScannedResource } from "./recognize.ts";
import { templateLookups } from "./template-roles.ts";

/** One result per (policy, resource): the JSON output contract external tools rely on. */
export interface ScanResult {
  readonly policy: string;
  readonly title: string;
  readonly controls: readonly string[];
  readonly status: Status;
  readonly severity: Severity;
  readonly resource: { readonly type: string; readonly id: string };
  readonly file: string;
  readonly evidence: readonly { readonly path: string; readonly message: string }[];
}

export interface ScanError {
  readonly file: string;
  readonly message: string;
}

/** A result with what the SARIF and ASFF formats need besides it. */
export interface ScanEntry {
  readonly result: ScanResult;
  readonly verdict: Verdict;
  readonly scanned: ScannedResource;
  readonly document: ParsedDocument;
}

export interface ScanReport {
  /** Sorted by file, resource id, policy id. */
  readonly entries: readonly ScanEntry[];
  readonly errors: readonly ScanError[];
}

export const RESOURCE_TYPES: Readonly<Record<ResourceKind, string>> = {
  TaskDefinition: "AwsEcsTaskDefinition",
  Service: "AwsEcsService",
  TaskSet: "AwsEcsTaskSet",
  Task: "AwsEcsTask",
  Cluster: "AwsEcsCluster",
  CapacityProvider: "AwsEcsCapacityProvider",
  RunningTask: "AwsEcsTask",
  // Counted from CloudTrail events only; never in a scanned file.
  ApiThrottling: "Other",
  ContainerInstance: "AwsEcsContainerInstance",
  // Native ECS events about a service; never in a scanned file.
  ServiceEvent: "AwsEcsService",
  AccountSetting: "AwsEcsAccountSetting",
};

const SCANNED_EXTENSIONS = new Set([".json", ".yaml", ".yml", ".template"]);
const SKIPPED_DIRECTORIES = new Set(["node_modules", "cdk.out"]);

/**
 * Scans files and directories. A file named explicitly must be readable and recognized (else it is an
 * error, and the others are still scanned); in a directory walk, files that are none of the recognized
 * inputs are skipped silently.
 */
export async function scanPaths(paths: readonly string[], rulebook: Rulebook): Promise<ScanReport> {
  const entries: ScanEntry[] = [];
  const errors: ScanError[] = [];
  const seen = new Set<string>();
  const today = new Date().toISOString().slice(0, 10);
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      errors.push({ file: path, message: `cannot read: ${messageOf(error)}` });
      continue;
    }
    const files = isDirectory ? await filesUnder(path) : [path];
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const outcome = await scanFile(file, rulebook, today);
      if ("error" in outcome) {
        if (!isDirectory) errors.push({ file, message: outcome.error });
      } else {
        entries.push(...outcome.entries);
      }
    }
  }
  entries.sort(compareEntries);
  return { entries, errors };
}

async function scanFile(
  file: string,
  { policies, config }: Rulebook,
  today: string,
): Promise<{ entries: ScanEntry[] } | { error: string }> {
  let document: ParsedDocument;
  try {
    document = parseDocument(await readFile(file, "utf8"));
  } catch (error) {
    return { error: `cannot read: ${messageOf(error)}` };
  }
  const resources = recognizeDocument(document.value, file);
  if (resources === undefined) {
    return {
      error:
        "not a task definition, service, task set, cluster, capacity provider, account setting or CloudFormation template",
    };
  }
  // A template may define the task roles its task definitions name; other inputs only name roles.
  const lookups = isCloudFormationTemplate(document.value) ? templateLookups(document.value) : undefined;
  return {
    entries: resources.flatMap((scanned) =>
      evaluatePolicies(policies, scanned.resource, {
        config,
        today,
        resourceId: scanned.resourceId,
        ...(lookups === undefined ? {} : { lookups }),
      }).map((verdict) => ({
        result: resultOf(verdict, scanned, file),
        verdict,
        scanned,
        document,
      })),
    ),
  };
}

function resultOf(verdict: Verdict, scanned: ScannedResource, file: string): ScanResult {
  const { policy } = verdict;
  return {
    policy: policy.id,
    title: policy.title,
    controls: policy.controls,
    status: verdict.status,
    severity: policy.severity,
    resource: { type: RESOURCE_TYPES[verdict.resource.kind], id: scanned.resourceId },
    file,
    evidence: verdict.evidence.map((item) => ({
      path: item.path === "" ? "" : scanned.locate(item.path),
      message: item.message,
    })),
  };
}

async function filesUnder(directory: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && !SKIPPED_DIRECTORIES.has(entry.name))
        found.push(...(await filesUnder(path)));
    } else if (entry.isFile() && SCANNED_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      found.push(path);
    }
  }
  return found;
}

function compareEntries(left: ScanEntry, right: ScanEntry): number {
  return (
    compare(left.result.file, right.result.file) ||
    compare(left.result.resource.id, right.result.resource.id) ||
    compare(left.result.policy, right.result.policy)
  );
}

function compare(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
