import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import type { GuardrailsConfig } from "../../shared/engine/config.ts";
import { policies } from "../../shared/policies/index.ts";
import { createPipeline } from "../../shared/runtime/pipeline.ts";
import { runtimeRoutes } from "../../shared/runtime/runtime-routes.ts";
import { type FindingsStore, storedFindings, upsertFindings } from "./findings-store.ts";
import { offlineReader } from "./offline-reader.ts";
import { eventsFromText } from "./read-events.ts";

export interface ReplayReport {
  /** Every finding in the store after the run, sorted by id. */
  readonly findings: readonly AwsSecurityFinding[];
  readonly skipped: readonly { readonly event: string; readonly call: string; readonly reason: string }[];
  readonly unrouted: readonly string[];
  /** Files that could not be read and events that are not valid events of their route. */
  readonly errors: readonly { readonly source: string; readonly message: string }[];
}

/**
 * Runs events through the real pipeline and routing, one by one in the order given, into the store.
 * Timestamps come from the events, so the same input gives the same output.
 */
export async function replayFiles(
  files: readonly string[],
  store: FindingsStore,
  config: GuardrailsConfig,
): Promise<ReplayReport> {
  const pipeline = createPipeline({
    routes: runtimeRoutes,
    reader: offlineReader,
    rulebook: { policies, config },
    sink: { publish: async (findings) => upsertFindings(store, findings) },
  });
  const skipped: { event: string; call: string; reason: string }[] = [];
  const unrouted: string[] = [];
  const errors: { source: string; message: string }[] = [];

  for (const file of await expandDirectories(files)) {
    let events: unknown[];
    try {
      events = eventsFromText(await readFile(file, "utf8"));
    } catch (error) {
      errors.push({ source: file, message: (error as Error).message });
      continue;
    }
    for (const [index, event] of events.entries()) {
      const recordId = `${file}#${index}`;
      const { outcomes } = await pipeline.processBatch([{ id: recordId, event }]);
      const outcome = outcomes.get(recordId);
      const eventId = outcome?.eventId ?? recordId;
      switch (outcome?.kind) {
        case "evaluated":
          skipped.push(...outcome.skipped.map((read) => ({ event: eventId, ...read })));
          break;
        case "unrouted":
          unrouted.push(eventId);
          break;
        case "malformed":
          errors.push({ source: `${file} event ${eventId}`, message: outcome.reason });
          break;
        case "failed":
          errors.push({ source: `${file} event ${eventId}`, message: (outcome.error as Error).message });
          break;
      }
    }
  }
  return { findings: storedFindings(store), skipped, unrouted, errors };
}

/** A directory stands for its `.json` and `.jsonl` files, in name order. */
async function expandDirectories(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isDirectory = await stat(path).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => [".json", ".jsonl"].includes(extname(name))).sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}
