import { describe, expect, it } from "vitest";
import { offlineReader } from "../../cli/replay/offline-reader.ts";
import { type TaskStateChangeEvent, taskStateChangeEvent } from "../../events/schemas/task-state-change.ts";
import { EMPTY_CONFIG, parseConfig } from "../../shared/engine/config.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import type { ReadRequest } from "../../shared/model/cloudtrail.ts";
import { policies } from "../../shared/policies/index.ts";
import { taskStateChangesEvaluator } from "../../shared/runtime/task-state-changes-evaluator.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { DB_MIGRATE_REVISION, describedInterface } from "../helpers/task-state-changes.ts";

const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c";
const REVISION = "arn:aws:ecs:eu-west-1:123456789012:task-definition/db-migrate:5";

/** A reader that answers from fixed state and records what it was asked. */
function recordingReader(): StateReader & {
  readonly interfaceReads: string[][];
  readonly reads: ReadRequest[];
} {
  const interfaceReads: string[][] = [];
  const reads: ReadRequest[] = [];
  return {
    ...offlineReader,
    interfaceReads,
    reads,
    async read(request) {
      reads.push(request);
      return { documents: [{ ...DB_MIGRATE_REVISION, taskRoleArn: undefined }] };
    },
    async readNetworkInterfaces(ids) {
      interfaceReads.push([...ids]);
      return { documents: ids.map((id) => describedInterface(id, "10.0.12.34")) };
    },
  };
}

/** The project's RUNNING sample, changed as the case needs. */
function running(change: (event: TaskStateChangeEvent) => void = () => undefined): TaskStateChangeEvent {
  const event = taskStateChangeEvent.parse(
    structuredClone(sampleEvent("task-state-changes/running-public-ip")),
  );
  change(event);
  return event;
}

function stopped(change: (event: TaskStateChangeEvent) => void = () => undefined): TaskStateChangeEvent {
  const event = taskStateChangeEvent.parse(
    structuredClone(sampleEvent("task-state-changes/stopped-essential-container-exited")),
  );
  change(event);
  return event;
}

const rulebook = { policies, config: EMPTY_CONFIG };

function archived(findings: readonly { RecordState?: string }[]): boolean {
  return findings.length > 0 && findings.every((finding) => finding.RecordState === "ARCHIVED");
}

describe("task state changes evaluator", () => {
  describe("judges each task's latest state", () => {
    it.each([
      {
        name: "a higher version wins over a later time",
        events: [
          stopped((event) => {
            event.detail.version = 3;
          }),
          running((event) => {
            event.detail.version = 4;
            event.time = "2026-11-24T13:00:00Z";
          }),
        ],
        archives: false,
      },
      {
        name: "the later time wins between equal versions",
        events: [
          stopped((event) => {
            event.detail.version = 4;
          }),
          running(),
        ],
        archives: true,
      },
      {
        name: "a STOPPED event wins a tie: a stopped task never runs again",
        events: [
          stopped((event) => {
            event.detail.version = 4;
            event.time = "2026-11-24T13:15:41Z";
          }),
          running(),
        ],
        archives: true,
      },
      {
        name: "without versions, the later event wins",
        events: [
          running((event) => {
            delete event.detail.version;
          }),
          stopped((event) => {
            delete event.detail.version;
          }),
        ],
        archives: true,
      },
    ])("$name", async ({ events, archives }) => {
      const { findings } = await taskStateChangesEvaluator.evaluateBatch(events, recordingReader(), rulebook);
      const ofTask = findings.filter((finding) => finding.Resources?.[0]?.Id === TASK);
      expect(archived(ofTask)).toBe(archives);
    });
  });

  it("keeps the later of two reports of a running task without versions", async () => {
    const earlier = running((event) => {
      delete event.detail.version;
    });
    const later = running((event) => {
      delete event.detail.version;
      event.time = "2026-11-24T13:16:10Z";
    });
    const { findings } = await taskStateChangesEvaluator.evaluateBatch(
      [later, earlier],
      recordingReader(),
      rulebook,
    );
    const ofTask = findings.filter((finding) => finding.Resources?.[0]?.Id === TASK);
    expect(new Set(ofTask.map((finding) => finding.UpdatedAt))).toEqual(new Set(["2026-11-24T13:16:10Z"]));
  });

  it("reads every interface of the batch in one call, and each revision once", async () => {
    const reader = recordingReader();
    const events = Array.from({ length: 3 }, (_, index) =>
      running((event) => {
        event.detail.taskArn = `${TASK}${index}`;
        const attachments = event.detail.attachments as { details: { name: string; value: string }[] }[];
        const detail = attachments[0]?.details.find((item) => item.name === "networkInterfaceId");
        if (detail !== undefined) detail.value = `eni-0${index}`;
        event.time = `2026-11-24T13:15:4${index}Z`;
      }),
    );
    const { findings } = await taskStateChangesEvaluator.evaluateBatch(events, reader, rulebook);
    expect(reader.interfaceReads).toEqual([["eni-00", "eni-01", "eni-02"]]);
    expect(reader.reads.map((request) => request.input)).toEqual([
      { taskDefinition: REVISION, include: ["TAGS"] },
    ]);
    // The revision is judged as of the latest event that names it.
    const revisionFindings = findings.filter((finding) => finding.Resources?.[0]?.Id === REVISION);
    expect(revisionFindings.length).toBeGreaterThan(0);
    expect(new Set(revisionFindings.map((finding) => finding.UpdatedAt))).toEqual(
      new Set(["2026-11-24T13:15:42Z"]),
    );
  });

  it("reads nothing for the policies that are off", async () => {
    const reader = recordingReader();
    const config = parseConfig(
      {
        policies: {
          "running-task-public-ip": { enabled: false },
          "running-task-definition-active": { enabled: false },
          "running-task-definition-compliant": { enabled: false },
        },
      },
      policies,
      "test",
    );
    const { findings } = await taskStateChangesEvaluator.evaluateBatch([running()], reader, {
      policies,
      config,
    });
    expect(reader.interfaceReads).toEqual([]);
    expect(reader.reads).toEqual([]);
    expect(findings).toEqual([]);
  });

  it("archives the findings of policies that are off: they may have published before", async () => {
    const config = parseConfig(
      { policies: { "running-task-public-ip": { enabled: false } } },
      policies,
      "test",
    );
    const { findings } = await taskStateChangesEvaluator.evaluateBatch([stopped()], recordingReader(), {
      policies,
      config,
    });
    expect(findings.map((finding) => finding.GeneratorId)).toContain("running-task-public-ip");
  });

  it("reports offline what it could not read, and publishes no PASSED finding for it", async () => {
    const { findings, skipped } = await taskStateChangesEvaluator.evaluateBatch(
      [running()],
      offlineReader,
      rulebook,
    );
    expect(skipped).toEqual([
      {
        call: "DescribeNetworkInterfaces",
        reason:
          "replay makes no AWS calls, so network interfaces are not described (DescribeNetworkInterfaces needed)",
      },
      {
        call: "DescribeTaskDefinition",
        reason:
          "replay makes no AWS calls, and the event alone does not describe the resource (DescribeTaskDefinition needed)",
      },
    ]);
    expect(findings.map((finding) => [finding.GeneratorId, finding.Compliance?.Status])).toEqual([
      ["running-task-definition-active", "NOT_AVAILABLE"],
      ["running-task-definition-compliant", "NOT_AVAILABLE"],
      ["running-task-public-ip", "NOT_AVAILABLE"],
    ]);
  });
});
