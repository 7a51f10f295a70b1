import { unresolved } from "../../shared/model/resolvable.ts";
import { runningTaskFromApi } from "../../shared/model/running-task.ts";
import runningTaskPublicIp from "../../shared/policies/running-task-public-ip.ts";
import { intrinsic, RUNNING_TASK_NETWORK_INTERFACE, runningTask } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const INTERFACE_ID = "/attachments/0/details/1/value";
const EC2_OFFLINE = "EC2 is not read offline";

/** A network interface as DescribeNetworkInterfaces describes it, with these public addresses. */
function described(id: string, { primary, secondary }: { primary?: string; secondary?: string } = {}) {
  const association = (publicIp: string | undefined) =>
    publicIp === undefined ? {} : { Association: { PublicIp: publicIp, IpOwnerId: "amazon" } };
  return {
    NetworkInterfaceId: id,
    InterfaceType: "interface",
    RequesterManaged: true,
    Status: "in-use",
    PrivateIpAddress: "10.0.1.25",
    ...association(primary),
    PrivateIpAddresses: [
      { Primary: true, PrivateIpAddress: "10.0.1.25", ...association(primary) },
      ...(secondary === undefined
        ? []
        : [{ Primary: false, PrivateIpAddress: "10.0.1.26", ...association(secondary) }]),
    ],
  };
}

/** The `detail` of a real Task State Change event in ../shared/data/events. */
function realTask(name: string) {
  return runningTaskFromApi((readSharedJson(`events/${name}.json`) as { detail: unknown }).detail);
}

const FARGATE_SAMPLE = "awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments";
const projectSample = runningTaskFromApi(sampleEvent("task-state-changes/running-public-ip").detail);
const PROJECT_INTERFACE = "eni-0d1c2b3a495867f70";

policyTester.run(runningTaskPublicIp, {
  valid: [
    {
      name: "an interface with private addresses only",
      resource: runningTask(),
      lookups: {
        networkInterfaces: { [RUNNING_TASK_NETWORK_INTERFACE]: described(RUNNING_TASK_NETWORK_INTERFACE) },
      },
    },
    {
      name: "a Service Connect attachment beside the interface",
      resource: runningTask({
        attachments: [
          ...((runningTask().attachments as unknown[]) ?? []),
          {
            id: "a1b2",
            type: "Service Connect",
            status: "ATTACHED",
            details: [{ name: "portName", value: "http" }],
          },
        ],
      }),
      lookups: {
        networkInterfaces: { [RUNNING_TASK_NETWORK_INTERFACE]: described(RUNNING_TASK_NETWORK_INTERFACE) },
      },
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs Fargate task in a private subnet (real sample)",
        resource: realTask(FARGATE_SAMPLE),
        lookups: { networkInterfaces: { "eni-abcd1234": described("eni-abcd1234") } },
      },
    ]),
  ],
  invalid: [
    {
      name: "an auto-assigned public IP",
      resource: runningTask(),
      lookups: {
        networkInterfaces: {
          [RUNNING_TASK_NETWORK_INTERFACE]: described(RUNNING_TASK_NETWORK_INTERFACE, {
            primary: "203.0.113.10",
          }),
        },
      },
      violations: [
        {
          messageId: "publicIp",
          path: INTERFACE_ID,
          data: { networkInterface: RUNNING_TASK_NETWORK_INTERFACE, publicIps: "203.0.113.10" },
        },
      ],
    },
    {
      name: "an Elastic IP on a secondary private address",
      resource: runningTask(),
      lookups: {
        networkInterfaces: {
          [RUNNING_TASK_NETWORK_INTERFACE]: described(RUNNING_TASK_NETWORK_INTERFACE, {
            primary: "203.0.113.10",
            secondary: "198.51.100.7",
          }),
        },
      },
      violations: [
        {
          messageId: "publicIp",
          path: INTERFACE_ID,
          data: { networkInterface: RUNNING_TASK_NETWORK_INTERFACE, publicIps: "203.0.113.10, 198.51.100.7" },
        },
      ],
    },
    {
      name: "the project sample: the RunTask task in a public subnet",
      resource: projectSample,
      lookups: {
        networkInterfaces: { [PROJECT_INTERFACE]: described(PROJECT_INTERFACE, { primary: "34.250.1.77" }) },
      },
      violations: [
        {
          messageId: "publicIp",
          path: INTERFACE_ID,
          data: { networkInterface: PROJECT_INTERFACE, publicIps: "34.250.1.77" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs Fargate task given a public IP (real sample)",
        resource: realTask(FARGATE_SAMPLE),
        lookups: {
          networkInterfaces: { "eni-abcd1234": described("eni-abcd1234", { primary: "54.201.10.11" }) },
        },
        violations: [
          {
            messageId: "publicIp" as const,
            path: INTERFACE_ID,
            data: { networkInterface: "eni-abcd1234", publicIps: "54.201.10.11" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "the interface is not read (offline)",
      resource: runningTask(),
      observations: [
        {
          messageId: "interfaceUnknown",
          path: INTERFACE_ID,
          data: { networkInterface: RUNNING_TASK_NETWORK_INTERFACE, reason: EC2_OFFLINE },
        },
      ],
    },
    {
      name: "EC2 denies describing the interface",
      resource: runningTask(),
      lookups: {
        networkInterfaces: {
          [RUNNING_TASK_NETWORK_INTERFACE]: unresolved(
            "EC2 denies the guardrail describing network interfaces (UnauthorizedOperation)",
            "",
          ),
        },
      },
      observations: [{ messageId: "interfaceUnknown", path: INTERFACE_ID }],
    },
    {
      name: "attachments of the wrong type",
      resource: runningTask({ attachments: "eni-0a1b2c3d4e5f60718" }),
      observations: [{ messageId: "unresolved", path: "/attachments" }],
    },
    {
      name: "an interface attachment with an empty id",
      resource: runningTask({
        attachments: [{ type: "eni", details: [{ name: "networkInterfaceId", value: "" }] }],
      }),
      observations: [{ messageId: "unresolved", path: "/attachments/0/details/0/value" }],
    },
    {
      name: "an attachment detail whose name is unresolved",
      resource: runningTask({
        attachments: [
          { type: "eni", details: [{ name: intrinsic("/attachments/0/details/0/name"), value: "x" }] },
        ],
      }),
      observations: [{ messageId: "unresolved", path: "/attachments/0/details/0/name" }],
    },
  ],
  notApplicable: [
    {
      name: "a bridge-mode task on EC2 (no attachments)",
      resource: runningTask({ attachments: undefined, launchType: "EC2" }),
      messageId: "noNetworkInterface",
    },
    {
      name: "only a Service Connect attachment",
      resource: runningTask({
        attachments: [{ type: "Service Connect", details: [{ name: "portName", value: "http" }] }],
      }),
      messageId: "noNetworkInterface",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "AWS docs EC2 task of 2016, bridge mode (real sample)",
        resource: realTask("awsdocs__ecs-dev-guide__task-state-change-ec2-running-2016"),
        messageId: "noNetworkInterface" as const,
      },
    ]),
  ],
});
