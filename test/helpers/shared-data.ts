import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `../shared/data` beside the checkout: real AWS data that tests read but the project never copies. */
export const SHARED_DATA_DIRECTORY = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

export const sharedDataAvailable = existsSync(SHARED_DATA_DIRECTORY);

const warned = new Set<string>();

/** Says once, visibly, that tests depending on ../shared/data are skipped. */
export function warnSharedDataAbsent(what: string): void {
  if (sharedDataAvailable || warned.has(what)) return;
  warned.add(what);
  console.warn(`NOTICE: ${SHARED_DATA_DIRECTORY} is absent; skipping ${what}.`);
}

/** Reads a JSON file under ../shared/data, tolerating the UTF-8 byte-order mark some samples carry. */
export function readSharedJson(relativePath: string): unknown {
  const text = readFileSync(new URL(relativePath, `file://${SHARED_DATA_DIRECTORY}`), "utf8");
  return JSON.parse(text.replace(/^\uFEFF/, ""));
}

/** Builds table cases from real samples, or none (with a notice) when ../shared/data is absent. */
export function fromSamples<T>(what: string, build: () => T[]): T[] {
  if (!sharedDataAvailable) {
    warnSharedDataAbsent(what);
    return [];
  }
  return build();
}
