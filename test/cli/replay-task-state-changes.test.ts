import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const RUN_TASK = "events/samples/api-calls/run-task-public-ip.json";
const RUNNING = "events/samples/task-state-changes/running-public-ip.json";
const STOPPED = "events/samples/task-state-changes/stopped-essential-container-exited.json";
const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c";

interface ReplayOutput {
  findings: {
    GeneratorId: string;
    CreatedAt: string;
    UpdatedAt: string;
    RecordState: string;
    Compliance?: { Status: string };
    Resources: { Id: string }[];
  }[];
  skipped: { event: string; call: string; reason: string }[];
  unrouted: string[];
}

async function replay(...files: string[]): Promise<ReplayOutput> {
  const { code, stdout } = await runCli("replay", "--format", "json", ...files);
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe("ecs-guardrails replay of task state changes", () => {
  it("judges a running task as far as the event goes, without AWS: unknown, never PASSED", async () => {
    const output = await replay(RUNNING);
    expect(output.findings.map((finding) => [finding.GeneratorId, finding.Compliance?.Status])).toEqual([
      ["running-task-definition-active", "NOT_AVAILABLE"],
      ["running-task-definition-compliant", "NOT_AVAILABLE"],
      ["running-task-public-ip", "NOT_AVAILABLE"],
    ]);
    expect(output.skipped.map((read) => read.call)).toEqual([
      "DescribeNetworkInterfaces",
      "DescribeTaskDefinition",
    ]);
    expect(output.unrouted).toEqual([]);
  });

  it("archives every finding of the task once it stops, those of its RunTask launch included", async () => {
    const output = await replay(RUN_TASK, RUNNING, STOPPED);
    const ofTask = output.findings.filter((finding) => finding.Resources[0]?.Id === TASK);
    expect(ofTask.length).toBeGreaterThan(3);
    for (const finding of ofTask) {
      expect(finding).toMatchObject({ RecordState: "ARCHIVED", UpdatedAt: "2026-11-24T13:21:07Z" });
    }
    // The RunTask event created the launch findings; the stop updated those same findings.
    expect(ofTask.find((finding) => finding.GeneratorId === "task-started-by-person")?.CreatedAt).toBe(
      "2026-11-24T13:15:00Z",
    );
    expect(ofTask.find((finding) => finding.GeneratorId === "running-task-public-ip")?.CreatedAt).toBe(
      "2026-11-24T13:15:41Z",
    );
  });
});
