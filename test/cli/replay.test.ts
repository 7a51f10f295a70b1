import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventsFromText } from "../../cli/replay/read-events.ts";
import { policies } from "../../shared/policies/index.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { SHARED_DATA_DIRECTORY, sharedDataAvailable, warnSharedDataAbsent } from "../helpers/shared-data.ts";
import { runCli } from "./run-cli.ts";

const SAMPLES = "events/samples/api-calls";
const scratch = mkdtempSync(join(tmpdir(), "ecs-guardrails-replay-"));

interface ReplayOutput {
  findings: {
    Id: string;
    GeneratorId: string;
    CreatedAt: string;
    UpdatedAt: string;
    Compliance: { Status: string };
    Resources: { Id: string }[];
  }[];
  skipped: { event: string; call: string; reason: string }[];
  unrouted: string[];
}

async function replayJson(
  ...argv: string[]
): Promise<{ code: number; output: ReplayOutput; stderr: string }> {
  const { code, stdout, stderr } = await runCli("replay", "--format", "json", ...argv);
  return { code, output: JSON.parse(stdout), stderr };
}

const sample = (name: string) => join(SAMPLES, `${name}.json`);

describe("ecs-guardrails replay", () => {
  it("runs events through the real routing and pipeline, findings sorted by id", async () => {
    const { code, output } = await replayJson(
      sample("create-service-public-ip"),
      sample("register-task-definition-privileged-root"),
    );
    expect(code).toBe(0);
    const ids = output.findings.map((finding) => finding.Id);
    expect(ids).toEqual([...ids].sort());
    const statuses = Object.fromEntries(
      output.findings.map((finding) => [finding.GeneratorId, finding.Compliance.Status]),
    );
    expect(statuses).toMatchObject({
      "no-host-network-mode": "PASSED",
      "no-host-pid-mode": "PASSED",
      "no-instance-metadata-access": "FAILED",
      "no-privileged-containers": "FAILED",
      "no-root-user": "FAILED",
      "no-service-public-ip": "FAILED",
    });
    const judged = policies.filter(
      (policy) => policy.resource === "TaskDefinition" || policy.resource === "Service",
    );
    expect(Object.keys(statuses).every((id) => judged.some((policy) => policy.id === id))).toBe(true);
    expect(output.skipped).toEqual([]);
    expect(output.unrouted).toEqual([]);
  });

  it("is deterministic: timestamps come from the events", async () => {
    const first = await runCli("replay", "--format", "json", SAMPLES);
    const second = await runCli("replay", "--format", "json", SAMPLES);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).findings.length).toBeGreaterThan(5);
    expect(first.stdout).toBe(second.stdout);
  });

  it("lists events no rule matches as unrouted, not as errors", async () => {
    const { code, output } = await replayJson(sample("create-service-access-denied"));
    expect(code).toBe(0);
    expect(output.unrouted).toEqual(["0e5b4f1d-e700-4000-8000-5f6a7b8c9d01"]);
  });

  it("answers a read from the event where it can, and skips it otherwise without a finding", async () => {
    const { output } = await replayJson(
      sample("register-task-definition-response-omitted"),
      sample("update-service-response-omitted"),
    );
    expect(output.findings.map((finding) => finding.Resources[0]?.Id)).toContain(
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-worker",
    );
    expect(output.skipped).toEqual([
      {
        event: "6a1d0b7f-e700-4000-8000-1b2c3d4e5f03",
        call: "DescribeServices",
        reason:
          "replay makes no AWS calls, and the event alone does not describe the resource (DescribeServices needed)",
      },
    ]);
    expect(output.findings.some((finding) => finding.GeneratorId === "no-service-public-ip")).toBe(false);
  });

  it("upserts as Security Hub does: a later event updates the finding, CreatedAt stays", async () => {
    const { output } = await replayJson(
      sample("create-service-public-ip"),
      sample("update-service-public-ip-disabled"),
    );
    expect(new Set(output.findings.map((finding) => finding.Id)).size).toBe(output.findings.length);
    expect(output.findings.find((finding) => finding.GeneratorId === "no-service-public-ip")).toMatchObject({
      Compliance: { Status: "PASSED" },
      CreatedAt: "2026-11-24T10:11:12Z",
      UpdatedAt: "2026-11-24T11:40:00Z",
    });
  });

  it("keeps findings between runs in --store, and refuses a corrupt store", async () => {
    const store = join(scratch, "store.json");
    expect((await replayJson("--store", store, sample("create-service-public-ip"))).code).toBe(0);
    const { output } = await replayJson(
      "--store",
      store,
      sample("update-service-public-ip-disabled"),
      sample("run-task-public-ip"),
    );
    const createdAt = Object.fromEntries(
      output.findings.map((finding) => [finding.GeneratorId, finding.CreatedAt]),
    );
    expect(createdAt).toMatchObject({
      "no-service-public-ip": "2026-11-24T10:11:12Z",
      "no-task-public-ip": "2026-11-24T13:15:00Z",
    });
    const corrupt = join(scratch, "corrupt.json");
    writeFileSync(corrupt, "{ this is not a store");
    const { code, stderr } = await runCli("replay", "--store", corrupt, sample("run-task-public-ip"));
    expect(code).toBe(2);
    expect(stderr).toContain(`the findings store ${corrupt} is corrupt`);
    expect(readFileSync(corrupt, "utf8")).toBe("{ this is not a store");
  });

  it("reads JSON arrays, JSON Lines, byte-order marks and raw CloudTrail records", async () => {
    const service = JSON.parse(readFileSync(sample("create-service-public-ip"), "utf8"));
    const task = JSON.parse(readFileSync(sample("run-task-public-ip"), "utf8"));
    const array = join(scratch, "events.json");
    writeFileSync(array, `\uFEFF${JSON.stringify([service, task])}`);
    const lines = join(scratch, "events.jsonl");
    writeFileSync(lines, `${JSON.stringify(service)}\n\n${JSON.stringify(task)}\n`);
    const records = join(scratch, "cloudtrail.json");
    writeFileSync(records, JSON.stringify({ Records: [service.detail, task.detail] }));
    const outputs = await Promise.all([array, lines, records].map((file) => replayJson(file)));
    for (const { output } of outputs) {
      const judged = new Set(output.findings.map((finding) => finding.GeneratorId));
      expect(judged.has("no-service-public-ip") && judged.has("no-task-public-ip")).toBe(true);
      expect(output.findings).toEqual(outputs[0]?.output.findings);
    }
  });

  it("reports unreadable files and malformed events, and exits 2", async () => {
    const broken = join(scratch, "broken.json");
    writeFileSync(broken, "{ broken");
    const malformed = join(scratch, "malformed.json");
    const event = JSON.parse(readFileSync(sample("run-task-public-ip"), "utf8"));
    delete event.detail.eventID;
    writeFileSync(malformed, JSON.stringify(event));
    const { code, output, stderr } = await replayJson(broken, malformed, sample("create-service-public-ip"));
    expect(code).toBe(2);
    expect(
      output.findings.every((finding) => finding.Resources[0]?.Id.includes(":service/prod/checkout-api")),
    ).toBe(true);
    expect(stderr).toContain(`error: ${broken}: not JSON`);
    expect(stderr).toMatch(/malformed\.json event .*detail\.eventID/);
  });

  it.skipIf(!modelsAvailable())("produces findings Security Hub would accept", async () => {
    const { output } = await replayJson(SAMPLES);
    expect(output.findings.length).toBeGreaterThan(5);
    for (let start = 0; start < output.findings.length; start += 100) {
      expect(validateBatchImportFindings({ Findings: output.findings.slice(start, start + 100) })).toEqual(
        [],
      );
    }
  });

  describe.skipIf(!sharedDataAvailable)("real AWS samples in ../shared/data/events", () => {
    warnSharedDataAbsent("replay of the real AWS sample events");
    const files = sharedDataAvailable
      ? readdirSync(join(SHARED_DATA_DIRECTORY, "events")).filter((file) => file.endsWith(".json"))
      : [];

    it("wraps the raw CloudTrail records and routes the CreateCluster call among them", async () => {
      const paths = files.map((file) => join(SHARED_DATA_DIRECTORY, "events", file));
      const { code, output } = await replayJson(...paths);
      expect(code).toBe(0);
      // Native ECS events have routes of their own (the service events: the next test).
      expect(output.unrouted).not.toContain("e3c6f4ce-EXAMPLE");
      const clusterPolicies = policies
        .filter((policy) => policy.resource === "Cluster")
        .map((policy) => policy.id);
      const clusterFindings = output.findings.filter((finding) =>
        clusterPolicies.includes(finding.GeneratorId),
      );
      expect(clusterFindings.map((finding) => finding.GeneratorId).sort()).toEqual(
        [...clusterPolicies].sort(),
      );
      expect(new Set(clusterFindings.map((finding) => finding.Resources[0]?.Id))).toEqual(
        new Set(["arn:aws:ecs:us-east-1:123456789012:cluster/default"]),
      );
    });

    it("replays the ECS guide's service events onto their service's findings, the last event of each deciding", async () => {
      const paths = files
        .filter((file) => /__(deployment|service-action)-/.test(file))
        .map((file) => join(SHARED_DATA_DIRECTORY, "events", file));
      const { code, output } = await replayJson(...paths);
      expect(code).toBe(0);
      expect(output.unrouted).toEqual(["b9baa007-2f33-0eb1-5760-0d02a572d81f"]);
      expect(new Set(output.findings.map((finding) => finding.Resources[0]?.Id))).toEqual(
        new Set(["arn:aws:ecs:us-west-2:111122223333:service/default/servicetest"]),
      );
      // In name order: the deployment completed, failed, started, rolled back; the service was steady, then
      // could neither place nor start its tasks. The four deployment events share one time, and the store, as
      // Security Hub, ignores an update that is not later than the finding: the first (completed) stays.
      expect(
        Object.fromEntries(
          output.findings.map((finding) => [finding.GeneratorId, finding.Compliance.Status]),
        ),
      ).toEqual({
        "service-deployment-succeeds": "PASSED",
        "service-operations-not-throttled": "PASSED",
        "service-task-configuration-succeeds": "PASSED",
        "service-task-placement-succeeds": "FAILED",
        "service-tasks-healthy": "PASSED",
        "service-tasks-start": "FAILED",
      });
    });

    it("replays the ECS guide's PutAccountSettingDefault record: the fargateFIPSMode default ECS stored passes", async () => {
      const { code, output } = await replayJson(
        join(
          SHARED_DATA_DIRECTORY,
          "events/awsdocs__ecs-dev-guide__cloudtrail-RAW-record-PutAccountSettingDefault.json",
        ),
      );
      expect(code).toBe(0);
      expect(output.unrouted).toEqual([]);
      expect(output.skipped).toEqual([]);
      // The request asked for awsvpcTrunking; ECS replied it stored fargateFIPSMode, so only its policy applies.
      expect(
        output.findings.map((finding) => [
          finding.GeneratorId,
          finding.Compliance.Status,
          finding.Resources[0]?.Id,
        ]),
      ).toEqual([
        [
          "account-fargate-fips-mode",
          "PASSED",
          "arn:aws-us-gov:ecs-guardrails:us-gov-east-1:123456789012:account-setting/fargateFIPSMode/default",
        ],
      ]);
      if (modelsAvailable()) expect(validateBatchImportFindings({ Findings: output.findings })).toEqual([]);
    });

    it("wraps a raw CloudTrail record as EventBridge does", () => {
      const [event] = eventsFromText(
        readFileSync(
          join(
            SHARED_DATA_DIRECTORY,
            "events/awsdocs__ecs-dev-guide__cloudtrail-RAW-record-CreateCluster.json",
          ),
          "utf8",
        ),
      );
      expect(event).toMatchObject({
        id: "e3c6f4ce-EXAMPLE",
        "detail-type": "AWS API Call via CloudTrail",
        source: "aws.ecs",
        account: "123456789012",
        time: "2018-06-20T19:04:36Z",
        region: "us-east-1",
        detail: { eventName: "CreateCluster" },
      });
    });
  });
});
