import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import { offlineReader } from "../../cli/replay/offline-reader.ts";
import { containerInstanceStateChangeEvent } from "../../events/schemas/container-instance-state-change.ts";
import { EMPTY_CONFIG, parseConfig } from "../../shared/engine/config.ts";
import type { ReadOutcome, StateReader } from "../../shared/hydrate/state-reader.ts";
import type { ReadRequest } from "../../shared/model/cloudtrail.ts";
import { policies } from "../../shared/policies/index.ts";
import { containerInstanceStateChangesEvaluator } from "../../shared/runtime/container-instance-state-changes-evaluator.ts";
import { ec2Instance } from "../helpers/container-instances.ts";
import { sampleEvent } from "../helpers/samples.ts";

const ADDRESS = "203.0.113.25";
const TASK_DEFINITION = "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout:41";
const hardened = containerInstanceStateChangeEvent.parse(
  sampleEvent("container-instance-state-changes/registered-hardened"),
);
const rulebook = { policies, config: EMPTY_CONFIG };

/** A reader answering from `answers` (skipped where it has none) and recording what it was asked. */
function recordingReader(answers: {
  instance?: ReadOutcome;
  tasks?: ReadOutcome;
  taskDefinition?: ReadOutcome;
}): StateReader & { readonly asked: string[] } {
  const asked: string[] = [];
  const skipped = { skipped: "not read in this test" };
  return {
    ...offlineReader,
    asked,
    read: async (request: ReadRequest) => {
      asked.push(`${request.call} ${JSON.stringify(request.input)}`);
      return answers.taskDefinition ?? skipped;
    },
    readEc2Instance: async (instanceId) => {
      asked.push(`DescribeInstances ${instanceId}`);
      return answers.instance ?? skipped;
    },
    readContainerInstanceTasks: async (cluster, containerInstanceArn) => {
      asked.push(`ListTasks ${cluster} ${containerInstanceArn}`);
      return answers.tasks ?? skipped;
    },
  };
}

function statusOf(findings: readonly AwsSecurityFinding[], policyId: string) {
  const finding = findings.find((candidate) => candidate.GeneratorId === policyId);
  return finding?.Compliance?.Status ?? finding?.RecordState;
}

describe("container instance state changes evaluator", () => {
  it("reads no EC2 state while the policies that need it are off", async () => {
    const reader = recordingReader({});
    const config = parseConfig(
      {
        policies: {
          "container-instance-imds-hardened": { enabled: false },
          "no-container-instance-public-ip": { enabled: false },
        },
      },
      policies,
      "test config",
    );
    const { findings } = await containerInstanceStateChangesEvaluator.evaluate(hardened, reader, {
      policies,
      config,
    });
    expect(reader.asked).toEqual([]);
    expect(findings).toHaveLength(4);
  });

  it("lists the tasks of an instance with a public address only while no-container-instance-public-ip is on", async () => {
    const reader = recordingReader({ instance: { documents: [ec2Instance({ PublicIpAddress: ADDRESS })] } });
    const config = parseConfig(
      { policies: { "no-container-instance-public-ip": { enabled: false } } },
      policies,
      "test config",
    );
    await containerInstanceStateChangesEvaluator.evaluate(hardened, reader, { policies, config });
    expect(reader.asked).toEqual(["DescribeInstances i-0a1b2c3d4e5f60718"]);
  });

  it("reads the task definition of the tasks on a public instance", async () => {
    const reader = recordingReader({
      instance: { documents: [ec2Instance({ PublicIpAddress: ADDRESS })] },
      tasks: { documents: [{ taskArn: "task-1", taskDefinitionArn: TASK_DEFINITION }] },
      taskDefinition: { documents: [{ taskDefinitionArn: TASK_DEFINITION, networkMode: "host" }] },
    });
    const { findings, skipped } = await containerInstanceStateChangesEvaluator.evaluate(
      hardened,
      reader,
      rulebook,
    );
    expect(reader.asked).toEqual([
      "DescribeInstances i-0a1b2c3d4e5f60718",
      `ListTasks ${hardened.detail.clusterArn} ${hardened.detail.containerInstanceArn}`,
      `DescribeTaskDefinition {"taskDefinition":"${TASK_DEFINITION}","include":["TAGS"]}`,
    ]);
    expect(skipped).toEqual([]);
    expect(statusOf(findings, "no-container-instance-public-ip")).toBe("FAILED");
  });

  it("is UNKNOWN about a task definition ECS no longer describes", async () => {
    const reader = recordingReader({
      instance: { documents: [ec2Instance({ PublicIpAddress: ADDRESS })] },
      tasks: { documents: [{ taskArn: "task-1", taskDefinitionArn: TASK_DEFINITION }] },
      taskDefinition: { documents: [] },
    });
    const { findings } = await containerInstanceStateChangesEvaluator.evaluate(hardened, reader, rulebook);
    const publicIp = findings.find((finding) => finding.GeneratorId === "no-container-instance-public-ip");
    expect(publicIp?.Compliance?.Status).toBe("NOT_AVAILABLE");
    expect(publicIp?.Description).toContain(`ECS does not describe the task definition ${TASK_DEFINITION}`);
  });

  it("reports the tasks it could not list, and is UNKNOWN about them", async () => {
    const reader = recordingReader({ instance: { documents: [ec2Instance({ PublicIpAddress: ADDRESS })] } });
    const { findings, skipped } = await containerInstanceStateChangesEvaluator.evaluate(
      hardened,
      reader,
      rulebook,
    );
    expect(skipped).toEqual([{ call: "ListTasks", reason: "not read in this test" }]);
    expect(statusOf(findings, "no-container-instance-public-ip")).toBe("NOT_AVAILABLE");
  });

  it("in replay, reports the EC2 instance as not read and judges the rest of the event", async () => {
    const { findings, skipped } = await containerInstanceStateChangesEvaluator.evaluate(
      hardened,
      offlineReader,
      rulebook,
    );
    expect(skipped).toEqual([
      {
        call: "DescribeInstances",
        reason: "replay makes no AWS calls, so the EC2 instance is not described (DescribeInstances needed)",
      },
    ]);
    expect(statusOf(findings, "container-instance-imds-hardened")).toBe("NOT_AVAILABLE");
    expect(
      findings.find((finding) => finding.GeneratorId === "container-instance-imds-hardened")?.Description,
    ).toContain("could not be read: replay makes no AWS calls");
    expect(statusOf(findings, "container-instance-awsvpc-imds-blocked")).toBe("PASSED");
  });

  it("archives the findings of every policy when the instance is DEREGISTERING: those that are off may have published before", async () => {
    const deregistering = structuredClone(hardened);
    deregistering.detail.status = "DEREGISTERING";
    const config = parseConfig(
      { policies: { "container-instance-agent-version": { enabled: false } } },
      policies,
      "test config",
    );
    const reader = recordingReader({});
    const { findings } = await containerInstanceStateChangesEvaluator.evaluate(deregistering, reader, {
      policies,
      config,
    });
    expect(reader.asked).toEqual([]);
    expect(findings.map((finding) => finding.GeneratorId).sort()).toEqual([
      "container-instance-agent-connected",
      "container-instance-agent-version",
      "container-instance-awsvpc-imds-blocked",
      "container-instance-imds-hardened",
      "container-instance-privileged-disabled",
      "no-container-instance-public-ip",
    ]);
    expect(findings.every((finding) => finding.RecordState === "ARCHIVED")).toBe(true);
  });
});
