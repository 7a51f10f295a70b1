import { describe, expect, it } from "vitest";
import { resolveApiCall } from "../../shared/model/cloudtrail.ts";
import { networkInterfaceFromApi } from "../../shared/model/network-interface.ts";
import { runningTaskFromApi, taskNetworkInterfaces } from "../../shared/model/running-task.ts";
import { RUNNING_TASK_NETWORK_INTERFACE, runningTask } from "../helpers/builders.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

describe("runningTaskFromApi", () => {
  it("reads a Task State Change event's detail as the task ECS reports", () => {
    const { detail } = sampleEvent("task-state-changes/running-public-ip");
    expect(runningTaskFromApi(detail)).toEqual({
      kind: "RunningTask",
      arn: "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c",
      taskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/db-migrate:5",
      attachments: [
        {
          details: [
            { name: "subnetId", value: "subnet-0f1e2d3c4b5a69788" },
            { name: "networkInterfaceId", value: "eni-0d1c2b3a495867f70" },
            { name: "macAddress", value: "06:1a:2b:3c:4d:5e" },
            { name: "privateDnsName", value: "ip-10-0-12-34.eu-west-1.compute.internal" },
            { name: "privateIPv4Address", value: "10.0.12.34" },
          ],
        },
      ],
      tags: undefined,
    });
  });
});

describe("taskNetworkInterfaces", () => {
  it.each([
    ...fromSamples("real Task State Change events", () => [
      {
        name: "the real Fargate event",
        task: runningTaskFromApi(
          (
            readSharedJson(
              "events/awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments.json",
            ) as {
              detail: unknown;
            }
          ).detail,
        ),
        interfaces: [{ networkInterfaceId: "eni-abcd1234", at: "/attachments/0/details/1/value" }],
      },
    ]),
    {
      name: "an ElasticNetworkInterface attachment, as DescribeTasks names it",
      task: runningTask({
        attachments: [
          { type: "ElasticNetworkInterface", details: [{ name: "networkInterfaceId", value: "eni-1" }] },
        ],
      }),
      interfaces: [{ networkInterfaceId: "eni-1", at: "/attachments/0/details/0/value" }],
    },
    {
      name: "the interfaces among other attachments",
      task: runningTask({
        attachments: [
          { type: "Service Connect", details: [{ name: "portName", value: "http" }] },
          { type: "eni", details: [{ name: "networkInterfaceId", value: RUNNING_TASK_NETWORK_INTERFACE }] },
          { type: "AmazonElasticBlockStorage" },
        ],
      }),
      interfaces: [
        { networkInterfaceId: RUNNING_TASK_NETWORK_INTERFACE, at: "/attachments/1/details/0/value" },
      ],
    },
    { name: "none without attachments", task: runningTask({ attachments: [] }), interfaces: [] },
    {
      name: "an attachment that is not an object may be one",
      task: runningTask({ attachments: [null] }),
      interfaces: [{ unresolved: "expected a value, found null", at: "/attachments/0" }],
    },
    {
      name: "details that are not a list may hold one",
      task: runningTask({ attachments: [{ type: "eni", details: "eni-1" }] }),
      interfaces: [{ unresolved: 'expected a list, found string "eni-1"', at: "/attachments/0/details" }],
    },
    {
      name: "a detail that is not an object may be one",
      task: runningTask({ attachments: [{ type: "eni", details: [7] }] }),
      interfaces: [{ unresolved: "expected an object, found number 7", at: "/attachments/0/details/0" }],
    },
    {
      name: "an interface detail without a value names none",
      task: runningTask({ attachments: [{ type: "eni", details: [{ name: "networkInterfaceId" }] }] }),
      interfaces: [{ unresolved: "the network interface id is empty", at: "/attachments/0/details/0/value" }],
    },
  ])("$name", ({ task, interfaces }) => {
    expect(taskNetworkInterfaces(task)).toEqual(interfaces);
  });
});

describe("networkInterfaceFromApi", () => {
  it.each([
    {
      name: "private addresses only",
      document: { NetworkInterfaceId: "eni-1", PrivateIpAddresses: [{}] },
      publicIps: [],
    },
    {
      name: "the primary address's public IP, repeated in PrivateIpAddresses, counts once",
      document: {
        NetworkInterfaceId: "eni-1",
        Association: { PublicIp: "203.0.113.10" },
        PrivateIpAddresses: [{ Primary: true, Association: { PublicIp: "203.0.113.10" } }],
      },
      publicIps: ["203.0.113.10"],
    },
    {
      name: "the primary address's association alone",
      document: { NetworkInterfaceId: "eni-1", Association: { PublicIp: "203.0.113.10" } },
      publicIps: ["203.0.113.10"],
    },
    {
      name: "an Elastic IP on a secondary address",
      document: {
        NetworkInterfaceId: "eni-1",
        PrivateIpAddresses: [
          { Primary: true },
          { Primary: false, Association: { PublicIp: "198.51.100.7" } },
        ],
      },
      publicIps: ["198.51.100.7"],
    },
    { name: "no id", document: {}, publicIps: [], networkInterfaceId: undefined },
  ])("$name", ({ document, publicIps, ...rest }) => {
    expect(networkInterfaceFromApi(document)).toEqual({
      networkInterfaceId: "networkInterfaceId" in rest ? rest.networkInterfaceId : "eni-1",
      publicIps,
    });
  });
});

describe("the caller of a RunTask", () => {
  it("is read from the CloudTrail record into the launched task", () => {
    const { detail } = sampleEvent("api-calls/run-task-public-ip") as {
      detail: { eventName: string; requestParameters: unknown; responseElements: unknown };
    };
    const [subject] = resolveApiCall({
      partition: "aws",
      region: "eu-west-1",
      account: "123456789012",
      eventName: detail.eventName,
      requestParameters: detail.requestParameters,
      responseElements: detail.responseElements,
      record: detail,
    }).subjects;
    expect(subject?.resource).toMatchObject({
      kind: "Task",
      caller: {
        userIdentity: {
          type: "AssumedRole",
          arn: "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/jane.doe",
          sessionContext: {
            sessionIssuer: { userName: "PlatformAdmin" },
            attributes: { mfaAuthenticated: true },
          },
        },
        sessionCredentialFromConsole: undefined,
        userAgent: "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64",
      },
    });
  });
});
