import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of `shared/` and what each may import (DESIGN.md's table, plus `iam`: a role's permissions,
 * read by the hydrate layer and judged by policies; `sweep`: the inventory sweep's plan, pure; and
 * `remediation` reads the engine's config and verdicts and the policies' metadata to decide a repair). Pure layers stay pure: policies and the model never
 * reach IO, and nothing in `shared/` reaches the CLI, the handlers or the stacks.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  aws: [],
  model: [],
  iam: ["model"],
  hydrate: ["model", "aws", "iam"],
  policies: ["model", "iam"],
  engine: ["model", "policies", "iam"],
  findings: ["model", "aws", "engine", "policies"],
  sweep: ["model", "policies", "engine", "findings", "events"],
  remediation: ["model", "aws", "engine", "policies"],
  runtime: [
    "model",
    "aws",
    "iam",
    "hydrate",
    "policies",
    "engine",
    "findings",
    "remediation",
    "events",
    "sweep",
  ],
};

const ROOT = resolve(import.meta.dirname, "../..");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The layer (or top-level folder) a relative import of `file` lands in. */
function importedLayers(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g)].map((match) => match[1] ?? "");
  return specifiers.map((specifier) => {
    const [top, layer] = relative(ROOT, resolve(dirname(file), specifier)).split("/");
    return top === "shared" ? (layer ?? "") : (top ?? "");
  });
}

describe("layers of shared/", () => {
  it("names every folder of shared/", () => {
    const folders = readdirSync(join(ROOT, "shared"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(Object.entries(ALLOWED))("%s imports only its own layer and %j", (layer, allowed) => {
    const offending = sourceFiles(join(ROOT, "shared", layer)).flatMap((file) =>
      importedLayers(file)
        .filter((imported) => imported !== layer && !allowed.includes(imported))
        .map((imported) => `${relative(ROOT, file)} imports ${imported}`),
    );
    expect(offending).toEqual([]);
  });
});
