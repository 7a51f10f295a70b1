/**
 * Mock synthesis of the real `sst.config.ts`, offline: the config is bundled and run the way
 * `sst deploy` runs it (SST 4.17.1's eval template, esbuild options and injected globals), with
 * Pulumi's mocks standing in for the engine and a loopback server standing in for the SST CLI's RPC
 * (Runtime.Build really bundles each handler). Pulumi's runtime state is per process, so each synthesis
 * runs in a child process: `synthesize(stage)` forks this file, which reports over IPC (or prints JSON
 * when run by hand: `node test/infra/synth.ts production`).
 */
import { fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import type * as Pulumi from "../../.sst/platform/node_modules/@pulumi/pulumi/index.js";
import { REQUIRE_BANNER, sstNodeBuildOptions } from "./sst-node-build.ts";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "eu-west-1";
export const MOCK_PARTITION = "aws";

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Set for reads of existing resources; created ones get their id from the mock. */
  readonly id?: string;
}

/** What `Function` asks the CLI to build (SST's `Runtime.Build` request). */
export interface BuildRequest {
  readonly functionID: string;
  readonly handler: string;
  readonly runtime: string;
  readonly properties: { readonly minify?: boolean; readonly architecture?: string };
}

export interface App {
  readonly name: string;
  readonly stage: string;
  readonly removal: "remove" | "retain" | "retain-all";
  readonly protect: boolean;
}

export interface Synthesis {
  readonly app: App;
  readonly resources: readonly RegisteredResource[];
  readonly outputs: Record<string, unknown>;
  readonly builds: readonly BuildRequest[];
  readonly seconds: number;
}

type Report =
  | { readonly ok: true; readonly synthesis: Synthesis }
  | { readonly ok: false; readonly error: string };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const platform = path.join(root, ".sst", "platform");
const HANDLER_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const SYNTH_TIMEOUT_MS = 60_000;
/** The SST release whose CLI this file imitates; package.json pins it. */
const IMITATED_SST_VERSION = "4.17.1";

/** Synthesises `sst.config.ts` for `stage` in a fresh process. */
/** Synthesizes `stage` with `config` as its config file, as `ECS_GUARDRAILS_CONFIG=<file> sst deploy` does. */
export function synthesizeWithConfig(stage: string, config: unknown): Promise<Synthesis> {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "ecs-guardrails-config-")),
    `${stage}.config.json`,
  );
  fs.writeFileSync(file, JSON.stringify(config));
  return synthesize(stage, { ...process.env, ECS_GUARDRAILS_CONFIG: file });
}

export function synthesize(stage: string, env: NodeJS.ProcessEnv = process.env): Promise<Synthesis> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [stage], {
      cwd: root,
      env,
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      timeout: SYNTH_TIMEOUT_MS,
    });
    let output = "";
    let report: Report | undefined;
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("message", (message) => {
      report = message as Report;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (report?.ok) resolve(report.synthesis);
      else if (report) reject(new Error(`Synthesis of stage "${stage}" failed:\n${report.error}`));
      else
        reject(
          new Error(`Synthesis of stage "${stage}" exited (${signal ?? code}) without a report:\n${output}`),
        );
    });
  });
}

async function synthesizeInThisProcess(stage: string): Promise<Synthesis> {
  const started = performance.now();
  const installed = fs.readFileSync(path.join(platform, "version"), "utf8").trim();
  if (installed !== IMITATED_SST_VERSION) {
    throw new Error(
      `.sst/platform is SST ${installed}, but this harness imitates the ${IMITATED_SST_VERSION} CLI: ` +
        "check its eval template, esbuild options and RPC calls against the new release, then update it",
    );
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-guardrails-synth-"));
  const failures: string[] = [];
  const recordFailure = (error: unknown) => {
    failures.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  };
  // Errors inside Pulumi outputs (a failed handler build, a throwing transform) surface only here.
  process.on("unhandledRejection", recordFailure);
  process.on("uncaughtException", recordFailure);

  const cli = await startCliServer(work);
  try {
    process.env.SST_SERVER = cli.url;
    const app = await evaluateApp(stage, work);
    const program = await bundleProgram(app, work);
    const pulumi: typeof Pulumi = await import(
      pathToFileURL(path.join(platform, "node_modules/@pulumi/pulumi/index.js")).href
    );
    const resources: RegisteredResource[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource(resource) {
          resources.push({
            type: resource.type,
            name: resource.name,
            inputs: resource.inputs,
            ...(resource.id ? { id: resource.id } : {}),
          });
          return mockState(resource);
        },
        call(invoke) {
          return mockInvoke(invoke.token, invoke.inputs);
        },
      },
      app.name,
      app.stage,
      false,
    );
    let outputs: Record<string, unknown> = {};
    try {
      // As Pulumi's Node language host runs a program: imported inside the root stack resource.
      outputs = (await pulumi.runtime.runInPulumiStack(async () => {
        return (await import(pathToFileURL(program).href)).default;
      })) as Record<string, unknown>;
      // Components keep creating resources in applies after run() returns (a Function's code only
      // after its build), untracked by Pulumi; like Pulumi's language host, wait for the event loop to drain.
      await new Promise((resolve) => process.once("beforeExit", resolve));
      await pulumi.runtime.disconnect();
    } catch (error) {
      recordFailure(error);
    } finally {
      fs.rmSync(program, { force: true });
    }
    if (failures.length > 0) throw new Error([...new Set(failures)].join("\n"));
    return { app, resources, outputs, builds: cli.builds, seconds: (performance.now() - started) / 1000 };
  } finally {
    cli.server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The CLI's first step: `app()` evaluated on its own, with `$config` from SST's `src/config.ts`. */
async function evaluateApp(stage: string, work: string): Promise<App> {
  const outfile = path.join(work, "app.mjs");
  await esbuild.build({
    stdin: {
      contents: `import mod from ${JSON.stringify(path.join(root, "sst.config.ts"))};\nexport default await mod.app({ stage: ${JSON.stringify(stage)} });`,
      resolveDir: root,
      sourcefile: "eval.ts",
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    inject: [path.join(platform, "src/config.ts")],
    logLevel: "silent",
  });
  const app: Partial<App> & { name: string } = (await import(pathToFileURL(outfile).href)).default;
  // SST's documented defaults when app() leaves them out.
  return { name: app.name, stage, removal: app.removal ?? "retain", protect: app.protect ?? false };
}

/** The CLI's program bundle: its eval template, globals, defines and externals. */
async function bundleProgram(app: App, work: string): Promise<string> {
  // Inside the platform directory, so `@pulumi/*` resolves to the copy the components use.
  const outfile = path.join(platform, `sst.config.synth.${process.pid}.mjs`);
  const cliContext = {
    command: "deploy",
    dev: false,
    paths: { home: work, root, work, platform },
    state: { version: {} },
  };
  const globals =
    'import * as aws from "@pulumi/aws";\n' +
    `import * as sst from ${JSON.stringify(path.join(platform, "src/components/index.ts"))};\n`;
  await esbuild.build({
    stdin: {
      contents:
        `import { run } from ${JSON.stringify(path.join(platform, "src/auto/run.ts"))};\n` +
        `import mod from ${JSON.stringify(path.join(root, "sst.config.ts"))};\n` +
        "const result = await run(mod.run);\nexport default result;\n",
      resolveDir: root,
      sourcefile: "eval.ts",
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    mainFields: ["module", "main"],
    define: { $app: JSON.stringify(app), $cli: JSON.stringify(cliContext), $dev: "false" },
    inject: [path.join(platform, "src/shim/run.js")],
    external: [
      "@pulumi/*",
      "@pulumiverse/*",
      "@sst-provider/*",
      "@aws-sdk/*",
      "undici",
      "esbuild",
      "archiver",
      "glob",
      "vite",
    ],
    banner: { js: REQUIRE_BANNER },
    plugins: [
      {
        name: "inject-globals",
        setup(build) {
          build.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, (file) => {
            if (file.path.startsWith(path.join(root, ".sst")) || file.path.includes("node_modules"))
              return undefined;
            return { contents: globals + fs.readFileSync(file.path, "utf8"), loader: "default" };
          });
        },
      },
    ],
    logLevel: "silent",
  });
  return outfile;
}

/** The two calls the components make to the CLI when deploying Functions. */
async function startCliServer(work: string) {
  const builds: BuildRequest[] = [];
  const respond = async (method: string, args: unknown) => {
    if (method === "Provider.Aws.Bootstrap") {
      return {
        asset: "sst-asset-mock",
        assetEcrRegistryId: MOCK_ACCOUNT,
        assetEcrUrl: "mock",
        state: "sst-state-mock",
      };
    }
    if (method === "Runtime.Build") {
      const request = args as BuildRequest;
      builds.push(request);
      return buildHandler(request, work);
    }
    throw new Error(`rpc: can't find method ${method}`);
  };
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const { method, params } = JSON.parse(body);
      // Without keep-alive, an answered request no longer holds the event loop.
      response.setHeader("connection", "close");
      respond(method, params[0]).then(
        (result) => response.end(JSON.stringify({ id: 0, result, error: null })),
        (error: Error) => response.end(JSON.stringify({ id: 0, result: null, error: error.message })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Open requests still hold the event loop; the idle listener must not.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return { server, builds, url: `http://127.0.0.1:${port}` };
}

/** SST's Node build (pkg/runtime/node/build.go) as far as the deployed bundle depends on it. */
async function buildHandler(request: BuildRequest, work: string) {
  const separator = request.handler.lastIndexOf(".");
  const file = request.handler.slice(0, separator);
  const candidates = HANDLER_EXTENSIONS.map((extension) => path.join(root, file + extension));
  const entry = candidates.find((candidate) => fs.existsSync(candidate));
  if (!entry) {
    throw new Error(
      `Handler "${request.handler}" not found: none of ${candidates.map((c) => path.relative(root, c)).join(", ")} exists`,
    );
  }
  const out = fs.mkdtempSync(path.join(work, "build-"));
  const result = await esbuild.build({
    ...sstNodeBuildOptions(request.runtime, request.properties.minify === true),
    entryPoints: [entry],
    outfile: path.join(out, "bundle.mjs"),
  });
  return {
    handler: `bundle.${request.handler.slice(separator + 1)}`,
    out,
    errors: result.errors.map((error) => error.text),
    sourcemaps: [path.join(out, "bundle.mjs.map")],
  };
}

function mockState(resource: Pulumi.runtime.MockResourceArgs): Pulumi.runtime.MockResourceResult {
  const name: string = resource.id || resource.inputs.name || resource.name;
  return {
    // Never "": invokes depending on a resource with an empty id resolve to unknown.
    id: resource.id || `${name}-id`,
    state: {
      ...resource.inputs,
      name,
      arn: mockArn(resource.type, name),
      url: mockQueueUrl(name),
    },
  };
}

/** Real ARN shapes, so tests can derive what a reference must be from the registered resource. */
export function mockArn(type: string, name: string): string {
  const prefix = `arn:${MOCK_PARTITION}`;
  switch (type) {
    case "aws:sqs/queue:Queue":
      return `${prefix}:sqs:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}`;
    case "aws:cloudwatch/eventRule:EventRule":
      return `${prefix}:events:${MOCK_REGION}:${MOCK_ACCOUNT}:rule/${name}`;
    case "aws:lambda/function:Function":
      return `${prefix}:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:${name}`;
    case "aws:iam/role:Role":
      return `${prefix}:iam::${MOCK_ACCOUNT}:role/${name}`;
    case "aws:cloudwatch/logGroup:LogGroup":
      return `${prefix}:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:${name}`;
    case "aws:sns/topic:Topic":
      return `${prefix}:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}`;
    case "aws:dynamodb/table:Table":
      return `${prefix}:dynamodb:${MOCK_REGION}:${MOCK_ACCOUNT}:table/${name}`;
    case "aws:securityhub/actionTarget:ActionTarget":
      return `${prefix}:securityhub:${MOCK_REGION}:${MOCK_ACCOUNT}:action/custom/${name}`;
    default:
      return `${prefix}:mock:${MOCK_REGION}:${MOCK_ACCOUNT}:${type}/${name}`;
  }
}

export function mockQueueUrl(name: string): string {
  return `https://sqs.${MOCK_REGION}.amazonaws.com/${MOCK_ACCOUNT}/${name}`;
}

function mockInvoke(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`,
        userId: "MOCK",
        id: MOCK_ACCOUNT,
      };
    case "aws:index/getRegion:getRegion":
      return { region: MOCK_REGION, name: MOCK_REGION, id: MOCK_REGION };
    case "aws:index/getPartition:getPartition":
      return { partition: MOCK_PARTITION, dnsSuffix: "amazonaws.com", id: MOCK_PARTITION };
    // SST adds the inline policy only when `statements` comes back; tests read the statements as passed.
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return {
        json: JSON.stringify({ Statement: inputs.statements }),
        statements: inputs.statements,
        id: "policy",
      };
    default:
      throw new Error(`Unmocked invoke ${token}`);
  }
}

if (import.meta.main) {
  // The IPC channel must not keep the event loop alive: its draining marks the end of the synthesis.
  process.channel?.unref();
  const stage = process.argv[2] ?? "test";
  const report: Report = await synthesizeInThisProcess(stage).then(
    (synthesis) => ({ ok: true, synthesis }),
    (error: Error) => ({ ok: false, error: error.stack ?? error.message }),
  );
  if (process.send) {
    process.channel?.ref();
    process.send(report, () => process.exit(0));
  } else {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exit(report.ok ? 0 : 1);
  }
}
