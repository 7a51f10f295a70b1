import { describe, expect, it } from "vitest";
import {
  containerInstanceFromApi,
  ec2InstanceArn,
  ec2InstanceFromApi,
  ec2InstanceIdOf,
  hostedTaskFromApi,
  taskDefinitionArnOf,
} from "../../shared/model/container-instance.ts";
import { isUnresolved } from "../../shared/model/resolvable.ts";
import {
  containerInstance,
  ec2Instance,
  realContainerInstanceEvents,
} from "../helpers/container-instances.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { sharedDataAvailable } from "../helpers/shared-data.ts";

const TASK_DEFINITION = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3";
const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/payments/0f1e2d3c4b5a69788796a5b4c3d2e1f0";

describe("containerInstanceFromApi", () => {
  it("reads the detail of a container instance event", () => {
    const event = sampleEvent("container-instance-state-changes/legacy-agent-disconnected") as {
      detail: unknown;
    };
    const instance = containerInstanceFromApi(event.detail);
    expect(instance).toMatchObject({
      kind: "ContainerInstance",
      arn: "arn:aws:ecs:eu-west-1:123456789012:container-instance/payments/0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a",
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/payments",
      ec2InstanceId: "i-07f6e5d4c3b2a1908",
      status: "ACTIVE",
      agentConnected: false,
      versionInfo: { agentVersion: "1.51.0" },
      tags: undefined,
    });
    expect(instance.attributes).toContainEqual({ name: "ecs.os-type", value: "linux" });
    expect(instance.attributes).toContainEqual({
      name: "com.amazonaws.ecs.capability.privileged-container",
      value: undefined,
    });
  });

  it.skipIf(!sharedDataAvailable)("reads every real sample", () => {
    for (const { event } of realContainerInstanceEvents()) {
      expect(containerInstanceFromApi(event.detail)).toMatchObject({
        arn: "arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315",
        cluster: "arn:aws:ecs:us-east-1:111122223333:cluster/default",
        ec2InstanceId: "i-f3a8506b",
        agentConnected: true,
        versionInfo: { agentVersion: "1.13.0" },
      });
    }
  });

  it("keeps a mistyped field as Unresolved at its pointer", () => {
    const instance = containerInstance({
      attributes: { name: "ecs.capability.task-eni" },
      agentConnected: 1,
    });
    expect(isUnresolved(instance.attributes) && instance.attributes.at).toBe("/attributes");
    expect(isUnresolved(instance.agentConnected) && instance.agentConnected.at).toBe("/agentConnected");
  });

  it("has no ARN where the input names none", () => {
    expect(containerInstanceFromApi({}).arn).toBeUndefined();
    expect(containerInstanceFromApi(null).arn).toBeUndefined();
  });
});

describe("ec2InstanceIdOf", () => {
  it.each([
    ["an EC2 instance id", "i-0a1b2c3d4e5f60718", "i-0a1b2c3d4e5f60718"],
    ["no id (external)", undefined, undefined],
    ["an empty id", " ", undefined],
    ["an id that cannot be read", { id: "i-1" }, undefined],
  ])("%s", (_, ec2InstanceId, expected) => {
    expect(ec2InstanceIdOf(containerInstance({ ec2InstanceId }))).toBe(expected);
  });
});

describe("ec2InstanceArn", () => {
  it("names the instance in the partition, region and account", () => {
    expect(
      ec2InstanceArn({ partition: "aws-cn", region: "cn-north-1", account: "123456789012" }, "i-0a1b2c3d"),
    ).toBe("arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-0a1b2c3d");
  });
});

describe("ec2InstanceFromApi", () => {
  it("reads DescribeInstances' public address and metadata options", () => {
    expect(ec2InstanceFromApi(ec2Instance({ PublicIpAddress: "203.0.113.25" }))).toEqual({
      InstanceId: "i-0a1b2c3d4e5f60718",
      PublicIpAddress: "203.0.113.25",
      MetadataOptions: { HttpEndpoint: "enabled", HttpTokens: "required", HttpPutResponseHopLimit: 1 },
    });
  });
});

describe("hostedTaskFromApi", () => {
  const task = { taskArn: TASK, taskDefinitionArn: TASK_DEFINITION, lastStatus: "RUNNING" };

  it("gives a task its task definition's network mode", () => {
    expect(hostedTaskFromApi(task, new Map([[TASK_DEFINITION, "bridge"]]))).toEqual({
      taskDefinitionArn: TASK_DEFINITION,
      networkMode: "bridge",
    });
  });

  it("keeps a task definition without a network mode as the default (undefined)", () => {
    expect(hostedTaskFromApi(task, new Map([[TASK_DEFINITION, undefined]])).networkMode).toBeUndefined();
  });

  it("leaves the network mode Unresolved when the task definition was not read", () => {
    expect(hostedTaskFromApi(task, new Map()).networkMode).toEqual({
      unresolved: `the task definition ${TASK_DEFINITION} was not read`,
      at: "",
    });
  });

  it("leaves the network mode Unresolved when the task names no task definition", () => {
    expect(hostedTaskFromApi({ taskArn: TASK }, new Map()).networkMode).toEqual({
      unresolved: "the task description names no task definition",
      at: "/taskDefinitionArn",
    });
    const mistyped = hostedTaskFromApi({ taskArn: TASK, taskDefinitionArn: ["web"] }, new Map());
    expect(isUnresolved(mistyped.networkMode) && mistyped.networkMode.at).toBe("/taskDefinitionArn");
  });

  it("reads the task definition of a task", () => {
    expect(taskDefinitionArnOf(task)).toBe(TASK_DEFINITION);
    expect(taskDefinitionArnOf({})).toBeUndefined();
  });
});
