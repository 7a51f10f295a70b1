import noHostPathVolumes from "../../shared/policies/no-host-path-volumes.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const SOURCE = "/volumes/0/host/sourcePath";

const onEc2 = (volumes: unknown, requiresCompatibilities: unknown = ["EC2"]) =>
  taskDefinition({ networkMode: "bridge", requiresCompatibilities, volumes });

policyTester.run(noHostPathVolumes, {
  valid: [
    { name: "no volumes", resource: onEc2(undefined) },
    { name: "a scratch volume without a source path", resource: onEc2([{ name: "scratch", host: {} }]) },
    { name: "a volume without host", resource: onEc2([{ name: "scratch" }]) },
    { name: "a blank source path", resource: onEc2([{ name: "scratch", host: { sourcePath: " " } }]) },
    {
      name: "an EFS volume",
      resource: onEc2([{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-0a1b2c3d" } }]),
    },
    {
      name: "sensitive paths are left to no-sensitive-host-mounts",
      resource: onEc2([{ name: "docker", host: { sourcePath: "/var/run/docker.sock" } }]),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS agent EFS test uses EFS, no host path (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-task-efs-vol-write"),
      },
    ]),
  ],
  invalid: [
    {
      name: "a host path for data",
      resource: onEc2([{ name: "data", host: { sourcePath: "/data/app" } }]),
      violations: [
        { messageId: "hostPath", path: SOURCE, data: { volume: "data", sourcePath: "/data/app" } },
      ],
    },
    {
      name: "no compatibilities declared: EC2",
      resource: onEc2([{ name: "data", host: { sourcePath: "/srv" } }], undefined),
      violations: [{ messageId: "hostPath", path: SOURCE }],
    },
    {
      name: "EC2 and Fargate compatible",
      resource: onEc2([{ name: "data", host: { sourcePath: "/mnt/data" } }], ["EC2", "FARGATE"]),
      violations: [{ messageId: "hostPath", path: SOURCE }],
    },
    {
      name: "ECS Anywhere",
      resource: onEc2([{ host: { sourcePath: "/opt/data" } }], ["EXTERNAL"]),
      violations: [{ messageId: "hostPath", path: SOURCE, data: { volume: "#0", sourcePath: "/opt/data" } }],
    },
    {
      name: "only the non-sensitive ones, next to an undecided one",
      resource: onEc2([
        { name: "proc", host: { sourcePath: "/proc" } },
        { name: "logs", host: { sourcePath: "/var/log" } },
        { name: "other", host: { sourcePath: intrinsic("/volumes/2/host/sourcePath") } },
      ]),
      violations: [
        {
          messageId: "hostPath",
          path: "/volumes/1/host/sourcePath",
          data: { volume: "logs", sourcePath: "/var/log" },
        },
        { messageId: "unresolved", path: "/volumes/2/host/sourcePath" },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent daemon: only /cgroup is not sensitive (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
        ),
        violations: [
          {
            messageId: "hostPath" as const,
            path: "/volumes/2/host/sourcePath",
            data: { volume: "al1_cgroup", sourcePath: "/cgroup" },
          },
        ],
      },
      {
        name: "VT1 docs example keeps video files in the home directory (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__ecs-vt1-L57"),
        violations: [
          {
            messageId: "hostPath" as const,
            path: SOURCE,
            data: { volume: "video_file", sourcePath: "/home/ec2-user" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "volumes from an unresolved intrinsic",
      resource: onEc2(intrinsic("/volumes")),
      observations: [{ messageId: "unresolved", path: "/volumes" }],
    },
    {
      name: "compatibilities from an unresolved intrinsic",
      resource: onEc2([], intrinsic("/requiresCompatibilities")),
      observations: [{ messageId: "unresolved", path: "/requiresCompatibilities" }],
    },
  ],
  notApplicable: [
    {
      name: "Fargate only",
      resource: onEc2([{ name: "data", host: { sourcePath: "/data" } }], ["FARGATE"]),
      messageId: "fargateOnly",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate docs example (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136"),
        messageId: "fargateOnly" as const,
      },
    ]),
  ],
});
