import { containerInstanceFromApi } from "../../shared/model/container-instance.ts";
import { unresolved } from "../../shared/model/resolvable.ts";
import noContainerInstancePublicIp from "../../shared/policies/no-container-instance-public-ip.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import {
  containerInstance,
  ec2Instance,
  hostedTask,
  INSTANCE_ID,
  lookupsFor,
  realContainerInstances,
} from "../helpers/container-instances.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const EC2_INSTANCE_ID = "/ec2InstanceId";
const ADDRESS = "203.0.113.25";
const instance = containerInstance();
const publicInstance = ec2Instance({ PublicIpAddress: ADDRESS });
const definition = (family: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:3`;
const sample = (name: string) =>
  containerInstanceFromApi(sampleEvent(`container-instance-state-changes/${name}`).detail);

policyTester.run(noContainerInstancePublicIp, {
  valid: [
    {
      name: "no public address: the tasks are not even listed",
      resource: instance,
      lookups: lookupsFor(ec2Instance()),
    },
    {
      name: "an empty public address",
      resource: instance,
      lookups: lookupsFor(ec2Instance({ PublicIpAddress: "" })),
    },
    {
      name: "a public address, but only awsvpc and none tasks",
      resource: instance,
      lookups: lookupsFor(publicInstance, [
        hostedTask("web", "awsvpc"),
        hostedTask("web", "awsvpc"),
        hostedTask("batch", "none"),
      ]),
    },
    { name: "a public address and no tasks", resource: instance, lookups: lookupsFor(publicInstance, []) },
    {
      name: "project sample: a hardened instance in a private subnet",
      resource: sample("registered-hardened"),
      lookups: lookupsFor(ec2Instance()),
    },
  ],
  invalid: [
    {
      name: "bridge tasks, counted per task definition",
      resource: instance,
      lookups: lookupsFor(publicInstance, [
        hostedTask("web", "bridge"),
        hostedTask("web", "bridge"),
        hostedTask("api", "awsvpc"),
      ]),
      violations: [
        {
          messageId: "publicIp",
          path: EC2_INSTANCE_ID,
          data: { address: ADDRESS, tasks: 2, taskDefinition: definition("web"), networkMode: "bridge" },
        },
      ],
    },
    {
      name: "a host mode task and one of the default network mode",
      resource: instance,
      lookups: lookupsFor(publicInstance, [hostedTask("agent", "host"), hostedTask("legacy", undefined)]),
      violations: [
        {
          messageId: "publicIp",
          path: EC2_INSTANCE_ID,
          data: { address: ADDRESS, tasks: 1, taskDefinition: definition("agent"), networkMode: "host" },
        },
        {
          messageId: "publicIp",
          path: EC2_INSTANCE_ID,
          data: {
            address: ADDRESS,
            tasks: 1,
            taskDefinition: definition("legacy"),
            networkMode: "the default (bridge, or NAT on Windows)",
          },
        },
      ],
    },
    {
      name: "an exposed task outweighs one whose task definition was not read",
      resource: instance,
      lookups: lookupsFor(publicInstance, [
        hostedTask("web", "bridge"),
        hostedTask("gone", unresolved("ECS does not describe the task definition", "")),
      ]),
      violations: [
        { messageId: "publicIp", path: EC2_INSTANCE_ID },
        { messageId: "networkModeUnknown", outcome: "unknown", path: EC2_INSTANCE_ID },
      ],
    },
    {
      name: "project sample: a legacy instance with an Elastic IP and a bridge task",
      resource: sample("legacy-agent-disconnected"),
      lookups: {
        ec2Instances: { "i-07f6e5d4c3b2a1908": ec2Instance({ PublicIpAddress: ADDRESS }) },
        containerInstanceTasks: {
          [String(sample("legacy-agent-disconnected").arn)]: [hostedTask("checkout", "bridge")],
        },
      },
      violations: [{ messageId: "publicIp", path: EC2_INSTANCE_ID }],
    },
    ...realContainerInstances().map(({ files, resource }) => ({
      name: `real sample (${files}) with a public address and a bridge task`,
      resource,
      lookups: {
        ec2Instances: { "i-f3a8506b": publicInstance },
        containerInstanceTasks: { [String(resource.arn)]: [hostedTask("sample", "bridge")] },
      },
      violations: [{ messageId: "publicIp" as const, path: EC2_INSTANCE_ID }],
    })),
  ],
  unknown: [
    {
      name: "EC2 not read (offline)",
      resource: instance,
      observations: [{ messageId: "instanceUnknown", path: EC2_INSTANCE_ID }],
    },
    {
      name: "EC2 no longer knows the instance",
      resource: instance,
      lookups: lookupsFor(null),
      observations: [
        { messageId: "instanceNotFound", path: EC2_INSTANCE_ID, data: { instanceId: INSTANCE_ID } },
      ],
    },
    {
      name: "a public address of the wrong type",
      resource: instance,
      lookups: lookupsFor(ec2Instance({ PublicIpAddress: ["203.0.113.25"] })),
      observations: [{ messageId: "addressUnknown", path: EC2_INSTANCE_ID }],
    },
    {
      name: "a public address, and the tasks not listed",
      resource: instance,
      lookups: lookupsFor(publicInstance),
      observations: [
        {
          messageId: "tasksUnknown",
          path: EC2_INSTANCE_ID,
          data: { address: ADDRESS, reason: "the tasks on the container instance are not listed offline" },
        },
      ],
    },
    {
      name: "a public address, and no container instance ARN to list its tasks by",
      resource: containerInstance({ containerInstanceArn: undefined }),
      lookups: lookupsFor(publicInstance, []),
      observations: [
        {
          messageId: "tasksUnknown",
          path: EC2_INSTANCE_ID,
          data: { address: ADDRESS, reason: "the event names no container instance ARN" },
        },
      ],
    },
    {
      name: "a task whose task definition could not be read",
      resource: instance,
      lookups: lookupsFor(publicInstance, [
        hostedTask("web", "awsvpc"),
        { ...hostedTask("gone", undefined), networkMode: unresolved("ECS does not describe it", "") },
      ]),
      observations: [
        {
          messageId: "networkModeUnknown",
          path: EC2_INSTANCE_ID,
          data: { taskDefinition: definition("gone"), address: ADDRESS, reason: "ECS does not describe it" },
        },
      ],
    },
  ],
  notApplicable: [
    {
      name: "project sample: an external instance",
      resource: sample("external-instance"),
      messageId: "external",
    },
  ],
});
