import fc from "fast-check";

/**
 * Inputs for property tests: arbitrary JSON, and real samples mutated the ways real inputs go wrong (a field
 * deleted, a value of another type, a huge string, deep nesting). Every input is JSON: what SQS delivers and
 * what the SDK parses.
 */

/** One seed for every property, so a failure reproduces; change it to explore other inputs. */
const SEED = 20_261_124;

/** Runs per property: a few seconds each. */
const RUNS = 150;

/**
 * Strings past every text limit a finding has, in ASCII, surrogate pairs and blanks, yet short enough for an
 * EventBridge event (256 KB): no event can carry a longer one.
 */
const hugeString = fc.constantFrom("x".repeat(200_000), "😀".repeat(50_000), " \n\t".repeat(60_000));

/** Nesting deeper than any document ECS returns. */
const DEEP_NESTING = 2000;

/** A value nested `levels` deep, in arrays or objects. */
function deeplyNested(levels: number): fc.Arbitrary<unknown> {
  return fc.constantFrom("array", "object").map((shape) => {
    let value: unknown = "bottom";
    for (let depth = 0; depth < levels; depth += 1) value = shape === "array" ? [value] : { nested: value };
    return value;
  });
}

/** Values that break naive code: wrong types, empty and blank strings, extremes, prototype keys. */
const awkward = fc.constantFrom<unknown>(
  null,
  "",
  " ",
  0,
  -1,
  1e308,
  -0,
  true,
  [],
  {},
  [null],
  { __proto__: null, constructor: "x" },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { unresolved: "a marker our own normalizers use", at: "/x" },
  "arn:aws:ecs:eu-west-1:123456789012:service/prod/web",
);

/** Any JSON value, with awkward ones more often than chance would give. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: awkward },
);

type Path = readonly (string | number)[];

type Mutation =
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "replace"; readonly at: number; readonly value: unknown };

function mutation(nesting: number): fc.Arbitrary<Mutation> {
  const replaceWith = (value: fc.Arbitrary<unknown>) =>
    fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value });
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
    { weight: 4, arbitrary: replaceWith(anyJson) },
    { weight: 1, arbitrary: replaceWith(hugeString) },
    { weight: 1, arbitrary: replaceWith(deeplyNested(nesting)) },
  );
}

/**
 * `sample` with one to four of its members (at any depth, the root's included) deleted or replaced; values
 * put in are nested at most `nesting` levels.
 */
function mutated(sample: unknown, nesting = DEEP_NESTING): fc.Arbitrary<unknown> {
  const paths = pathsOf(sample);
  return fc
    .array(mutation(nesting), { minLength: 1, maxLength: 4 })
    .map((mutations) =>
      mutations.reduce(
        (document, applied) => apply(document, paths[applied.at % paths.length] ?? [], applied),
        structuredClone(sample),
      ),
    );
}

/** One of the samples, as it is or mutated, or any JSON at all. */
export function inputsLike(samples: readonly unknown[], nesting = DEEP_NESTING): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...samples) },
    { weight: 6, arbitrary: fc.oneof(...samples.map((sample) => mutated(sample, nesting))) },
    { weight: 2, arbitrary: anyJson },
  );
}

/** Every path in a JSON value, the root (`[]`) first. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  const children = Array.isArray(value)
    ? value.map((item, index) => pathsOf(item, [...path, index]))
    : typeof value === "object" && value !== null
      ? Object.entries(value).map(([key, member]) => pathsOf(member, [...path, key]))
      : [];
  return [path, ...children.flat()];
}

/** The document with the mutation applied at `path`; a path an earlier mutation removed is left alone. */
function apply(document: unknown, path: Path, applied: Mutation): unknown {
  if (path.length === 0) return applied.kind === "replace" ? applied.value : undefined;
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => {
    if (typeof node !== "object" || node === null) return undefined;
    return (node as Record<string | number, unknown>)[key];
  }, document);
  const key = path.at(-1) as string | number;
  if (typeof parent !== "object" || parent === null || !(key in parent)) return document;
  if (applied.kind === "replace") (parent as Record<string | number, unknown>)[key] = applied.value;
  else if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
  else delete (parent as Record<string | number, unknown>)[key];
  return document;
}

/**
 * `fc.assert` with the seed and runs fixed, reporting a failure by its error and a counterexample cut to a few
 * thousand characters: inputs here hold strings of 200,000 characters, which would flood the report.
 */
export async function assertProperty<Values extends unknown[]>(
  property: fc.IAsyncProperty<Values> | fc.IProperty<Values>,
  numRuns = RUNS,
): Promise<void> {
  await fc.assert(property, {
    seed: SEED,
    numRuns,
    reporter: (details) => {
      if (!details.failed) return;
      const error =
        details.errorInstance instanceof Error
          ? details.errorInstance.message
          : String(details.errorInstance);
      const counterexample = fc.stringify(details.counterexample).slice(0, 3000);
      throw new Error(
        `Property failed after ${details.numRuns} runs (seed ${SEED}, path ${details.counterexamplePath}):\n${error.slice(0, 3000)}\nCounterexample (cut): ${counterexample}`,
      );
    },
  });
}
