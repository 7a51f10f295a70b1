import { describe, expect, it } from "vitest";
import { BARE_PREDICATES, WITHOUT_BARE_PREDICATE } from "../../bench/bare-predicates.ts";
import {
  generatedTaskDefinitions,
  generatedTaskDefinitionsWithContainers,
  realTaskDefinitions,
} from "../../bench/engine-corpus.ts";
import { benchmark } from "../../bench/engine-throughput.ts";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { policies } from "../../shared/policies/index.ts";
import { warnSharedDataAbsent } from "../helpers/shared-data.ts";

warnSharedDataAbsent("the real task definitions of the engine throughput corpus");

/** The task definitions the benchmark judges at smoke scale, and the many-container ones of its growth series. */
const corpus = [
  ...realTaskDefinitions(),
  ...generatedTaskDefinitions(7, 300),
  ...generatedTaskDefinitionsWithContainers(7, 30, 10),
];

const taskDefinitionPolicies = policies.filter((policy) => policy.resource === "TaskDefinition");

describe("the bare predicates of the engine throughput baseline", () => {
  it("cover every TaskDefinition policy, or say why one cannot be a bare predicate", () => {
    const covered = [...Object.keys(BARE_PREDICATES), ...Object.keys(WITHOUT_BARE_PREDICATE)].sort();
    expect(covered).toEqual(taskDefinitionPolicies.map((policy) => policy.id).sort());
  });

  it.each(Object.keys(BARE_PREDICATES))(
    "%s fails exactly the corpus items the engine's policy fails",
    (id) => {
      const policy = taskDefinitionPolicies.find((candidate) => candidate.id === id);
      if (policy === undefined) throw new Error(`no TaskDefinition policy ${id}`);
      const predicate = BARE_PREDICATES[id] as (typeof BARE_PREDICATES)[string];
      const disagreements = corpus.flatMap((document, index) => {
        const engineFails = evaluatePolicy(policy, taskDefinitionFromApi(document)).status === "FAILED";
        return predicate(document) === engineFails
          ? []
          : [`#${index} ${document.family}: engine ${engineFails}`];
      });
      expect(disagreements).toEqual([]);
    },
  );

  it.each(Object.keys(BARE_PREDICATES).filter((id) => id !== "allowed-image-registries"))(
    "%s both fails and passes some corpus items, so the agreement says something",
    (id) => {
      const predicate = BARE_PREDICATES[id] as (typeof BARE_PREDICATES)[string];
      const failing = corpus.filter((document) => predicate(document)).length;
      expect(failing).toBeGreaterThan(0);
      expect(failing).toBeLessThan(corpus.length);
    },
  );
});

describe("the engine throughput corpus", () => {
  it("is the same on every run, and shaped as JSON.parse hands it over", () => {
    const generated = generatedTaskDefinitions(7, 20);
    expect(generatedTaskDefinitions(7, 20)).toEqual(generated);
    expect(JSON.parse(JSON.stringify(generated))).toEqual(generated);
  });

  it("has the number of containers the growth series asks for", () => {
    const counts = generatedTaskDefinitionsWithContainers(7, 5, 5).map(
      (document) => document.containerDefinitions?.length,
    );
    expect(counts).toEqual([5, 5, 5, 5, 5]);
  });
});

describe("the engine throughput benchmark at smoke scale", () => {
  it("compares the engine with the predicates over the same failures and reports every series", async () => {
    const result = await benchmark({ scale: "smoke" });
    const comparison = result.rows.find((row) => row.target !== undefined);
    expect(comparison?.baseline).toMatch(/^bare predicates: /);
    expect(comparison?.ratio).toBeGreaterThan(0);
    expect(result.notes.join(" ")).toMatch(
      /the engine found [\d,]+ failures and the predicates [\d,]+, the same\./,
    );
    const measures = result.rows.map((row) => row.measure);
    for (const containers of [
      "1 container each",
      "2 containers each",
      "5 containers each",
      "10 containers each",
    ])
      expect(measures.some((measure) => measure.endsWith(containers))).toBe(true);
    for (const kind of ["task definition", "service", "cluster"])
      expect(measures).toContain(`µs per ${kind}, median / p99`);
  });
});
