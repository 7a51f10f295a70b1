import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { realContainerInstanceEvents } from "../helpers/container-instances.ts";
import { SHARED_DATA_DIRECTORY, sharedDataAvailable } from "../helpers/shared-data.ts";
import { runCli } from "./run-cli.ts";

const SAMPLES = "events/samples/container-instance-state-changes";

interface ReplayOutput {
  findings: {
    GeneratorId: string;
    RecordState: string;
    Compliance?: { Status: string };
    Resources: { Id: string; Type: string }[];
  }[];
  skipped: { event: string; call: string; reason: string }[];
}

async function replay(...paths: string[]): Promise<ReplayOutput> {
  const { code, stdout } = await runCli("replay", "--format", "json", ...paths);
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

const statusByPolicy = (output: ReplayOutput) =>
  Object.fromEntries(
    output.findings.map((finding) => [
      finding.GeneratorId,
      finding.Compliance?.Status ?? finding.RecordState,
    ]),
  );

describe("ecs-guardrails replay of container instance events", () => {
  it("judges what the event says, and is UNKNOWN about the EC2 instance it does not describe", async () => {
    const output = await replay(join(SAMPLES, "legacy-agent-disconnected.json"));
    expect(statusByPolicy(output)).toEqual({
      "container-instance-agent-connected": "FAILED",
      "container-instance-agent-version": "FAILED",
      "container-instance-awsvpc-imds-blocked": "FAILED",
      "container-instance-imds-hardened": "NOT_AVAILABLE",
      "container-instance-privileged-disabled": "FAILED",
      "no-container-instance-public-ip": "NOT_AVAILABLE",
    });
    expect(output.skipped).toEqual([
      {
        event: "5c8a1e3f-2d7b-4f90-a6c4-8e1b3d5f7a29",
        call: "DescribeInstances",
        reason: "replay makes no AWS calls, so the EC2 instance is not described (DescribeInstances needed)",
      },
    ]);
  });

  it("archives an instance's findings when a later event deregisters it", async () => {
    const output = await replay(
      join(SAMPLES, "registered-hardened.json"),
      join(SAMPLES, "deregistered.json"),
    );
    expect(new Set(output.findings.map((finding) => finding.RecordState))).toEqual(new Set(["ARCHIVED"]));
    expect(new Set(output.findings.map((finding) => finding.Resources[0]?.Id))).toEqual(
      new Set(["arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f60718"]),
    );
  });

  it.skipIf(!sharedDataAvailable)("replays the real samples onto one EC2 instance's findings", async () => {
    const paths = realContainerInstanceEvents().map(({ file }) =>
      join(SHARED_DATA_DIRECTORY, "events", file),
    );
    const output = await replay(...paths);
    expect(new Set(output.findings.map((finding) => finding.Resources[0]?.Id))).toEqual(
      new Set(["arn:aws:ec2:us-east-1:111122223333:instance/i-f3a8506b"]),
    );
    expect(statusByPolicy(output)).toEqual({
      "container-instance-agent-connected": "PASSED",
      "container-instance-agent-version": "FAILED",
      "container-instance-imds-hardened": "NOT_AVAILABLE",
      "container-instance-privileged-disabled": "FAILED",
      "no-container-instance-public-ip": "NOT_AVAILABLE",
    });
  });
});
