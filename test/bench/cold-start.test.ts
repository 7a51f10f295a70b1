import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchmark,
  functionEnvironment,
  importFailure,
  type ProbeScripts,
  writeProbeScripts,
} from "../../bench/cold-start.ts";
import { bundleHandler, type HandlerBundle, partOf, UNATTRIBUTED } from "../../bench/handler-bundle.ts";
import { remediationRoute, serviceEventsRoute } from "../../shared/runtime/routes.ts";

let directory: string;
let scripts: ProbeScripts;

async function bundle(name: string, entry: Parameters<typeof bundleHandler>[0]): Promise<HandlerBundle> {
  const bundleDirectory = join(directory, name);
  await mkdir(bundleDirectory);
  return bundleHandler(entry, bundleDirectory);
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "ecs-guardrails-cold-start-test-"));
  scripts = await writeProbeScripts(directory);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("a function bundled as SST deploys it", () => {
  let serviceEvents: HandlerBundle;
  beforeAll(async () => {
    serviceEvents = await bundle("service-events", { file: "functions/service-events.ts" });
  });

  it("is a minified bundle whose parts add up to its bytes", () => {
    const total = serviceEvents.parts.reduce((sum, part) => sum + part.bytes, 0);
    expect(total).toBe(serviceEvents.code.byteLength);
    // The banner and esbuild's glue stay a sliver: the breakdown accounts for the bundle.
    const unattributed = serviceEvents.parts.find((part) => part.name === UNATTRIBUTED)?.bytes ?? 0;
    expect(unattributed).toBeGreaterThanOrEqual(0);
    expect(unattributed).toBeLessThan(serviceEvents.code.byteLength * 0.01);
    expect(serviceEvents.parts.map((part) => part.name)).toEqual(
      expect.arrayContaining(["shared/policies", "@aws-sdk/client-securityhub", "@middy/core"]),
    );
  });

  it("imports in a fresh process with the function's environment, without AWS", () => {
    expect(importFailure(serviceEvents, functionEnvironment(serviceEventsRoute), scripts)).toBeUndefined();
  });

  it("fails the import check when the module connects to the network on import", async () => {
    const connecting = await bundle("connecting", {
      source:
        'import net from "node:net";\nnet.connect(443, "127.0.0.1");\nexport const handler = () => undefined;',
    });
    expect(importFailure(connecting, functionEnvironment(serviceEventsRoute), scripts)).toMatch(
      /opened a network connection/,
    );
  });
});

describe("the remediation function", () => {
  it("imports with the environment the stack gives it, and not without", async () => {
    const remediation = await bundle("remediation", { file: "functions/remediation.ts" });
    const environment = functionEnvironment(remediationRoute);
    expect(importFailure(remediation, environment, scripts)).toBeUndefined();
    const { REMEDIATION_BUDGET_TABLE: _table, ...withoutTable } = environment;
    expect(importFailure(remediation, withoutTable, scripts)).toMatch(/REMEDIATION_BUDGET_TABLE/);
  });
});

describe("partOf", () => {
  it.each([
    ["node_modules/@aws-sdk/client-ec2/dist-es/schemas/schemas_0.js", "@aws-sdk/client-ec2"],
    ["node_modules/@smithy/core/node_modules/@smithy/util/dist-es/a.js", "@smithy/util"],
    ["node_modules/zod/v4/core/schemas.js", "zod"],
    ["shared/policies/no-root-user.ts", "shared/policies"],
    ["functions/throttles.ts", "functions"],
    ["events/pattern-matcher.ts", "events"],
  ])("groups %s under %s", (input, part) => {
    expect(partOf(input)).toBe(part);
  });
});

describe("the cold-start benchmark at smoke scale", () => {
  it("measures each smoke function and the reference, holding only the functions to the targets", async () => {
    const result = await benchmark({ scale: "smoke" });
    const targeted = result.rows.filter((row) => row.target !== undefined).map((row) => row.measure);
    expect(targeted).toEqual([
      "service-events: bundle, minified",
      "service-events: fresh process importing it (median)",
      "remediation: bundle, minified",
      "remediation: fresh process importing it (median)",
    ]);
    const reference = result.rows.filter((row) => row.measure.startsWith("reference:"));
    expect(reference).toHaveLength(3);
    for (const row of result.rows.filter((candidate) => candidate.ratio !== undefined)) {
      expect(row.ratio).toBeGreaterThan(0);
    }
    expect(result.notes.some((note) => note.startsWith("What dominates remediation:"))).toBe(true);
  });
});
