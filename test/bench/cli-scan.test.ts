import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchmark,
  compareSharedRules,
  readCfnGuardResults,
  readEcsGuardrailsOutput,
  SHARED_RULES,
  scanWithCfnGuard,
  scanWithEcsGuardrails,
} from "../../bench/cli-scan.ts";
import { CORPUS_SIZES, type Corpus, writeCorpus } from "../../bench/cli-scan-corpus.ts";
import { peakMemoryProbe } from "../../bench/measure-process.ts";
import { locateCfnGuard, warnCfnGuardUnavailable } from "../conformance/cfn-guard.ts";

const guard = locateCfnGuard();
warnCfnGuardUnavailable(guard, "the cli-scan benchmark's comparison with cfn-guard");
const binary = "binary" in guard ? guard.binary : undefined;

let root: string;
let corpus: Corpus;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "cli-scan-test-"));
  corpus = await writeCorpus(join(root, "corpus"), CORPUS_SIZES.smoke);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("bench/cli-scan", () => {
  it("writes the same corpus on every run", async () => {
    const again = await writeCorpus(join(root, "again"), CORPUS_SIZES.smoke);
    for (const set of ["templates", "taskDefinitions", "largeTemplate"] as const) {
      expect(await contents(again[set].directory)).toEqual(await contents(corpus[set].directory));
    }
    expect(again.templates.resources).toBe(corpus.templates.resources);
    expect(corpus.largeTemplate.resources).toBe(CORPUS_SIZES.smoke.largeTemplateResources);
  });

  it("ecs-guardrails scans every file of each set, and every task definition file as one task definition", async () => {
    for (const set of [corpus.templates, corpus.largeTemplate]) {
      await expect(
        readEcsGuardrailsOutput(await scanWithEcsGuardrails(set.directory), set.directory),
      ).resolves.not.toHaveLength(0);
    }
    const { directory, files } = corpus.taskDefinitions;
    const results = await readEcsGuardrailsOutput(await scanWithEcsGuardrails(directory), directory);
    expect(new Set(results.map((result) => result.resource.id)).size).toBe(files);
    expect(new Set(results.map((result) => result.resource.type))).toEqual(new Set(["AwsEcsTaskDefinition"]));
  });

  describe.skipIf(binary === undefined)("against cfn-guard", () => {
    it("cfn-guard evaluates every template with the twelve Control Tower rules", async () => {
      const { directory, files } = corpus.templates;
      const results = readCfnGuardResults(await scanWithCfnGuard(binary as string, directory), directory);
      expect(results.size).toBe(files);
      for (const outcomes of results.values()) expect(outcomes.size).toBe(12);
    });

    it("both tools fail the same templates for each shared rule, and the corpus makes each rule fail some", async () => {
      const { directory } = corpus.templates;
      const [ours, theirs] = await Promise.all([
        scanWithEcsGuardrails(directory).then((run) => readEcsGuardrailsOutput(run, directory)),
        scanWithCfnGuard(binary as string, directory).then((run) => readCfnGuardResults(run, directory)),
      ]);
      const comparisons = compareSharedRules(ours, theirs);
      expect(comparisons.map(({ control }) => control)).toEqual(Object.keys(SHARED_RULES));
      for (const { control, ours: ourFiles, guard: guardFiles } of comparisons) {
        expect([control, [...ourFiles].sort()]).toEqual([control, [...guardFiles].sort()]);
        expect([control, guardFiles.size]).not.toEqual([control, 0]);
      }
    });
  });

  it("reports each set's rate and peak memory, cfn-guard as the baseline of the CloudFormation sets only", async () => {
    const result = await benchmark({ scale: "smoke" });
    expect(result.id).toBe("cli-scan");
    const [
      templates,
      templatesMemory,
      large,
      largeMemory,
      taskDefinitions,
      taskDefinitionsMemory,
      oneTemplate,
    ] = result.rows;
    expect(templates?.target?.text).toBe("≥ 2× cfn-guard");
    expect(taskDefinitions?.baseline).toMatch(/^none: /);
    expect(taskDefinitionsMemory?.baseline).toMatch(/^none: /);
    expect(taskDefinitions?.ratio).toBeUndefined();
    for (const row of [templates, templatesMemory, large, largeMemory, oneTemplate]) {
      expect(row?.baseline).toMatch(binary === undefined ? /^not measured: / : /^cfn-guard: /);
    }
    for (const row of [templates, large, oneTemplate]) {
      if (binary !== undefined) expect(row?.ratio).toBeGreaterThan(0);
    }
    for (const row of [templatesMemory, largeMemory, taskDefinitionsMemory]) {
      expect(row?.value).toMatch(peakMemoryProbe.available ? / (KiB|MiB)$/ : /^peak RSS not measured/);
    }
    if (binary !== undefined)
      expect(result.notes.join("\n")).toContain("Both tools failed the same templates");
  });
});

/** File name → text, for every file of a directory. */
async function contents(directory: string): Promise<Map<string, string>> {
  const names = (await readdir(directory)).sort();
  return new Map(
    await Promise.all(
      names.map(async (name) => [name, await readFile(join(directory, name), "utf8")] as const),
    ),
  );
}
