import type { TaskDefinition } from "../../shared/model/types.ts";
import noFargateUnsupportedSettings from "../../shared/policies/no-fargate-unsupported-settings.ts";
import {
  containerDefinition,
  intrinsic,
  taskDefinition,
  taskDefinitionWithContainer,
} from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

/** A task definition of a real CloudFormation template in ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is a ${resource.kind}`);
  return resource;
}

const C0 = "/containerDefinitions/0";
const ADDED = `${C0}/linuxParameters/capabilities/add`;

policyTester.run(noFargateUnsupportedSettings, {
  valid: [
    { name: "a plain Fargate task definition", resource: taskDefinition() },
    {
      name: "SYS_PTRACE is the one capability Fargate allows",
      resource: taskDefinitionWithContainer({
        linuxParameters: {
          capabilities: { add: ["SYS_PTRACE", "cap_sys_ptrace"], drop: ["ALL"] },
          initProcessEnabled: true,
        },
      }),
    },
    { name: "pidMode task", resource: taskDefinition({ pidMode: "task" }) },
    { name: "privileged false", resource: taskDefinitionWithContainer({ privileged: false }) },
    {
      name: "a scratch volume and an EFS volume",
      resource: taskDefinition({
        volumes: [
          { name: "scratch", host: {} },
          { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-0a1b2c3d" } },
        ],
      }),
    },
    {
      name: "domainless gMSA credential spec",
      resource: taskDefinitionWithContainer({
        dockerSecurityOptions: ["credentialspecdomainless:arn:aws:s3:::bucket/gmsa.json"],
      }),
    },
    {
      name: "an empty device list",
      resource: taskDefinitionWithContainer({ linuxParameters: { devices: [] } }),
    },
    { name: "no container definitions", resource: taskDefinition({ containerDefinitions: [] }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
      },
      {
        name: "ECS Exec docs example for EC2 and Fargate (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-exec-L80"),
      },
      {
        name: "Fargate service template (real CloudFormation sample)",
        resource: templateTaskDefinition(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "TaskDefinition",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "bridge network mode",
      resource: taskDefinition({ networkMode: "bridge" }),
      violations: [{ messageId: "networkMode", path: "/networkMode", data: { mode: "bridge" } }],
    },
    {
      name: "no network mode: bridge by default",
      resource: taskDefinition({ networkMode: undefined }),
      violations: [
        { messageId: "networkMode", path: "/networkMode", data: { mode: "bridge (the default)" } },
      ],
    },
    {
      name: "host namespaces",
      resource: taskDefinition({ pidMode: "host", ipcMode: "host" }),
      violations: [
        { messageId: "hostNamespace", path: "/pidMode", data: { field: "pidMode" } },
        { messageId: "hostNamespace", path: "/ipcMode", data: { field: "ipcMode" } },
      ],
    },
    {
      name: "a host path",
      resource: taskDefinition({ volumes: [{ name: "data", host: { sourcePath: "/data" } }] }),
      violations: [
        {
          messageId: "hostPath",
          path: "/volumes/0/host/sourcePath",
          data: { volume: "data", sourcePath: "/data" },
        },
      ],
    },
    {
      name: "privileged",
      resource: taskDefinitionWithContainer({ privileged: true }),
      violations: [
        {
          messageId: "containerSetting",
          path: `${C0}/privileged`,
          data: { container: "app", setting: "privileged" },
        },
      ],
    },
    {
      name: "capabilities other than SYS_PTRACE, one each",
      resource: taskDefinitionWithContainer({
        linuxParameters: { capabilities: { add: ["SYS_PTRACE", "NET_ADMIN", "chown"] } },
      }),
      violations: [
        { messageId: "capability", path: `${ADDED}/1`, data: { container: "app", capability: "NET_ADMIN" } },
        { messageId: "capability", path: `${ADDED}/2`, data: { container: "app", capability: "chown" } },
      ],
    },
    {
      name: "devices",
      resource: taskDefinitionWithContainer({ linuxParameters: { devices: [{ hostPath: "/dev/fuse" }] } }),
      violations: [
        {
          messageId: "containerSetting",
          path: `${C0}/linuxParameters/devices`,
          data: { container: "app", setting: "devices" },
        },
      ],
    },
    {
      name: "security options",
      resource: taskDefinitionWithContainer({ dockerSecurityOptions: ["no-new-privileges"] }),
      violations: [
        {
          messageId: "containerSetting",
          path: `${C0}/dockerSecurityOptions/0`,
          data: { container: "app", setting: 'dockerSecurityOptions "no-new-privileges"' },
        },
      ],
    },
    {
      name: "EC2 and Fargate compatible: every setting in order",
      resource: taskDefinition({
        requiresCompatibilities: ["EC2", "FARGATE"],
        networkMode: "host",
        volumes: [{ name: "docker", host: { sourcePath: "/var/run/docker.sock" } }],
        containerDefinitions: [
          containerDefinition(),
          containerDefinition({
            name: "agent",
            privileged: true,
            linuxParameters: { capabilities: { add: ["SYS_ADMIN"] }, devices: [{ hostPath: "/dev/kmsg" }] },
            dockerSecurityOptions: ["apparmor:unconfined"],
          }),
        ],
      }),
      violations: [
        { messageId: "networkMode", path: "/networkMode", data: { mode: "host" } },
        { messageId: "hostPath", path: "/volumes/0/host/sourcePath" },
        { messageId: "containerSetting", path: "/containerDefinitions/1/privileged" },
        { messageId: "capability", path: "/containerDefinitions/1/linuxParameters/capabilities/add/0" },
        { messageId: "containerSetting", path: "/containerDefinitions/1/linuxParameters/devices" },
        { messageId: "containerSetting", path: "/containerDefinitions/1/dockerSecurityOptions/0" },
      ],
    },
    {
      name: "an unsupported setting fails next to undecided ones",
      resource: taskDefinition({
        pidMode: intrinsic("/pidMode"),
        containerDefinitions: [
          containerDefinition({
            privileged: intrinsic(`${C0}/privileged`),
            dockerSecurityOptions: ["label:disable"],
          }),
        ],
      }),
      violations: [
        { messageId: "unresolved", path: "/pidMode" },
        { messageId: "unresolved", path: `${C0}/privileged` },
        { messageId: "containerSetting", path: `${C0}/dockerSecurityOptions/0` },
      ],
    },
  ],
  unknown: [
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: taskDefinition({ requiresCompatibilities: intrinsic("/requiresCompatibilities") }),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
    {
      name: "network mode from an unresolved intrinsic",
      resource: taskDefinition({ networkMode: intrinsic("/networkMode") }),
      observations: [{ messageId: "unresolved", path: "/networkMode" }],
    },
    {
      name: "ipcMode from an unresolved intrinsic",
      resource: taskDefinition({ ipcMode: intrinsic("/ipcMode") }),
      observations: [{ messageId: "unresolved", path: "/ipcMode" }],
    },
    {
      name: "volumes from an unresolved intrinsic",
      resource: taskDefinition({ volumes: intrinsic("/volumes") }),
      observations: [{ messageId: "unresolved", path: "/volumes" }],
    },
    {
      name: "containers from an unresolved intrinsic",
      resource: taskDefinition({ containerDefinitions: intrinsic("/containerDefinitions") }),
      observations: [{ messageId: "unresolved", path: "/containerDefinitions" }],
    },
    {
      name: "a container from an unresolved intrinsic",
      resource: taskDefinition({ containerDefinitions: [intrinsic(C0)] }),
      observations: [{ messageId: "unresolved", path: C0 }],
    },
    {
      name: "linuxParameters from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({ linuxParameters: intrinsic(`${C0}/linuxParameters`) }),
      observations: [{ messageId: "unresolved", path: `${C0}/linuxParameters` }],
    },
    {
      name: "capabilities and devices from unresolved intrinsics",
      resource: taskDefinitionWithContainer({
        linuxParameters: {
          capabilities: { add: intrinsic(ADDED) },
          devices: intrinsic(`${C0}/linuxParameters/devices`),
        },
      }),
      observations: [
        { messageId: "unresolved", path: ADDED },
        { messageId: "unresolved", path: `${C0}/linuxParameters/devices` },
      ],
    },
    {
      name: "security options from an unresolved intrinsic",
      resource: taskDefinitionWithContainer({
        dockerSecurityOptions: intrinsic(`${C0}/dockerSecurityOptions`),
      }),
      observations: [{ messageId: "unresolved", path: `${C0}/dockerSecurityOptions` }],
    },
  ],
  notApplicable: [
    {
      name: "EC2 only",
      resource: taskDefinition({ requiresCompatibilities: ["EC2"], networkMode: "host" }),
      messageId: "notFargate",
    },
    {
      name: "no compatibilities declared: EC2",
      resource: taskDefinition({ requiresCompatibilities: undefined, networkMode: "bridge" }),
      messageId: "notFargate",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent daemon on EC2 (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
        ),
        messageId: "notFargate" as const,
      },
    ]),
  ],
});
