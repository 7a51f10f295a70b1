/**
 * A function's handler bundled the way SST 4.17.1 deploys it (pkg/runtime/node/build.go, as
 * test/infra/synth.ts imitates it; /work/shared/docs/SST.md section 5), with the stack's `nodejs: { minify: true }`
 * and the nodejs24.x target, and what the bundle is made of: esbuild's metafile grouped by package.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { sstNodeBuildOptions } from "../test/infra/sst-node-build.ts";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What esbuild could not attribute to an input file: the banner and its own glue between modules. */
export const UNATTRIBUTED = "(banner and esbuild's module glue)";

export interface BundlePart {
  /** `@aws-sdk/client-ec2`, `shared/policies`, `functions`, or UNATTRIBUTED. */
  readonly name: string;
  readonly bytes: number;
}

export interface HandlerBundle {
  readonly path: string;
  readonly code: Uint8Array;
  /** Every part of the bundle, largest first; their bytes sum to the bundle's. */
  readonly parts: readonly BundlePart[];
}

export type BundleEntry =
  /** `functions/<stem>.ts`, relative to the project root. */
  | { readonly file: string }
  /** A module given as source, resolved from the project root (the reference handler). */
  | { readonly source: string };

/** Bundles `entry` into `directory/bundle.mjs`, with the source map SST writes beside it (not zipped). */
export async function bundleHandler(entry: BundleEntry, directory: string): Promise<HandlerBundle> {
  const path = join(directory, "bundle.mjs");
  const result = await esbuild.build({
    ...("file" in entry
      ? { entryPoints: [join(PROJECT_ROOT, entry.file)] }
      : { stdin: { contents: entry.source, resolveDir: PROJECT_ROOT, loader: "ts" as const } }),
    // The stack deploys nodejs24.x with `nodejs: { minify: true }`.
    ...sstNodeBuildOptions("nodejs24.x", true),
    absWorkingDir: PROJECT_ROOT,
    outfile: path,
    metafile: true,
  });
  const output = result.metafile.outputs[relative(PROJECT_ROOT, path)];
  if (output === undefined) throw new Error(`esbuild reported no output ${path}`);
  const code = new Uint8Array(await readFile(path));
  return { path, code, parts: partsOf(output, code.byteLength) };
}

/** The package (or project folder) an input of the metafile belongs to. */
export function partOf(input: string): string {
  const inPackage = input.split("node_modules/").at(-1);
  if (inPackage !== undefined && inPackage !== input) {
    const [scopeOrName = input, name] = inPackage.split("/");
    return scopeOrName.startsWith("@") ? `${scopeOrName}/${name}` : scopeOrName;
  }
  const folders = input.split("/");
  // A project file: its top folder, and under shared/ its layer (shared/policies, shared/runtime, …).
  return folders[0] === "shared" ? folders.slice(0, 2).join("/") : (folders[0] ?? input);
}

function partsOf(output: esbuild.Metafile["outputs"][string], bundleBytes: number): BundlePart[] {
  const bytesByPart = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = partOf(input);
    bytesByPart.set(name, (bytesByPart.get(name) ?? 0) + bytesInOutput);
  }
  const attributed = [...bytesByPart.values()].reduce((sum, bytes) => sum + bytes, 0);
  bytesByPart.set(UNATTRIBUTED, bundleBytes - attributed);
  return [...bytesByPart]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((left, right) => right.bytes - left.bytes);
}
