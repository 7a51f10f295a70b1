import { describe, expect, it } from "vitest";
import { EMPTY_CONFIG, parametersOf } from "../../shared/engine/config.ts";
import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import type { TaskDefinition } from "../../shared/model/types.ts";
import noSensitiveHostMounts from "../../shared/policies/no-sensitive-host-mounts.ts";
import { containerDefinition, intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource, sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

type Parameters = { readonly allowedFamilies: string[] };

/** The policy with fixed parameters: the table runner calls `evaluate` without a context. */
function withParameters(parameters: Parameters, label: string): typeof noSensitiveHostMounts {
  return {
    ...noSensitiveHostMounts,
    id: `${noSensitiveHostMounts.id} (${label})`,
    evaluate: (resource) =>
      noSensitiveHostMounts.evaluate(resource, { parameters, lookups: OFFLINE_LOOKUPS }),
  };
}

/** A task definition of a real CloudFormation template in ../shared/data/cfn. */
function templateTaskDefinition(file: string, logicalId: string): TaskDefinition {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "TaskDefinition") throw new Error(`${logicalId} in ${file} is a ${resource.kind}`);
  return resource;
}

const SOURCE = "/volumes/0/host/sourcePath";

/** A task definition on EC2 whose container mounts one host volume named "host". */
function mounting(sourcePath: unknown, readOnly?: unknown, family: unknown = "agent"): TaskDefinition {
  return taskDefinition({
    family,
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    volumes: [{ name: "host", host: { sourcePath } }],
    containerDefinitions: [
      containerDefinition({ mountPoints: [{ sourceVolume: "host", containerPath: "/host", readOnly }] }),
    ],
  });
}

/** The semantics table: each path decided deliberately. */
const sensitive = [
  "/",
  "/etc",
  "/etc/",
  "//etc",
  "/etc/shadow",
  "/etc/ecs",
  "/etc/ecs/ecs.config",
  "/root",
  "/root/.ssh",
  "/proc",
  "/proc/1/root",
  "/sys",
  "/sys/fs/cgroup",
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/lib/docker",
  "/var/lib/docker/overlay2",
  "/var/lib/ecs",
  "/boot",
  "/dev",
  "/var/../etc",
  "/var",
  "/var/run",
  "/run",
  "/var/lib",
  "C:\\",
  "C:\\Windows\\System32",
  "c:/programdata/amazon/ecs",
  "C:\\ProgramData",
  "\\\\.\\pipe\\docker_engine",
];
const notSensitive = [
  "/data",
  "/home/ec2-user",
  "/var/log",
  "/var/log/nginx",
  "/cgroup",
  "/opt/app",
  "/etcetera",
  "/procfs",
  "/usr/lib",
  "/dev/shm",
  "/var/lib/ecs/data",
  "D:\\data",
  "C:\\Users\\app",
];

policyTester.run(
  withParameters(parametersOf(noSensitiveHostMounts, EMPTY_CONFIG) as Parameters, "defaults"),
  {
    valid: [
      { name: "no volumes", resource: taskDefinition() },
      ...notSensitive.map((sourcePath) => ({
        name: `host path ${sourcePath}`,
        resource: mounting(sourcePath),
      })),
      {
        name: "a host volume without a source path is Docker's scratch space",
        resource: mounting(undefined),
      },
      { name: "a blank source path", resource: mounting("") },
      {
        name: "an EFS volume",
        resource: taskDefinition({
          volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-0a1b2c3d" } }],
        }),
      },
    ],
    invalid: [
      ...sensitive.map((sourcePath) => ({
        name: `host path ${sourcePath}`,
        resource: mounting(sourcePath),
        violations: [{ messageId: "sensitiveHostPath" as const, path: SOURCE }],
      })),
      {
        name: "the finding says the container mounts it read-write",
        resource: mounting("/var/run/docker.sock", false),
        violations: [
          {
            messageId: "sensitiveHostPath",
            path: SOURCE,
            data: { volume: "host", sourcePath: "/var/run/docker.sock", access: "read-write in app" },
          },
        ],
      },
      {
        name: "the finding says the container mounts it read-only",
        resource: mounting("/proc", true),
        violations: [
          {
            messageId: "sensitiveHostPath",
            path: SOURCE,
            data: { volume: "host", sourcePath: "/proc", access: "read-only in app" },
          },
        ],
      },
      {
        name: "the finding names each container's access, and undecided ones",
        resource: taskDefinition({
          requiresCompatibilities: ["EC2"],
          volumes: [
            { name: "logs", host: { sourcePath: "/var/log" } },
            { name: "docker", host: { sourcePath: "/var/run/docker.sock" } },
          ],
          containerDefinitions: [
            containerDefinition({
              mountPoints: [
                { sourceVolume: "docker", containerPath: "/var/run/docker.sock", readOnly: true },
              ],
            }),
            containerDefinition({
              name: "agent",
              mountPoints: [
                { sourceVolume: "logs", containerPath: "/logs" },
                { sourceVolume: "docker", containerPath: "/docker.sock", readOnly: "false" },
                {
                  sourceVolume: "docker",
                  containerPath: "/again.sock",
                  readOnly: intrinsic("/containerDefinitions/1/mountPoints/2/readOnly"),
                },
              ],
            }),
            containerDefinition({
              name: "opaque",
              mountPoints: intrinsic("/containerDefinitions/2/mountPoints"),
            }),
          ],
        }),
        violations: [
          {
            messageId: "sensitiveHostPath",
            path: "/volumes/1/host/sourcePath",
            data: {
              volume: "docker",
              sourcePath: "/var/run/docker.sock",
              access:
                "read-only in app, read-write in agent, undecided in agent, undecided mount points in opaque",
            },
          },
        ],
      },
      {
        name: "a volume no container mounts is still declared",
        resource: taskDefinition({
          requiresCompatibilities: ["EC2"],
          volumes: [{ name: "root", host: { sourcePath: "/" } }],
        }),
        violations: [
          {
            messageId: "sensitiveHostPath",
            path: SOURCE,
            data: { volume: "root", sourcePath: "/", access: "no container mounts it" },
          },
        ],
      },
      {
        name: "a sensitive path fails next to an undecided one",
        resource: taskDefinition({
          requiresCompatibilities: ["EC2"],
          volumes: [
            { name: "a", host: { sourcePath: intrinsic(SOURCE) } },
            { name: "b", host: { sourcePath: "/etc" } },
          ],
        }),
        violations: [
          { messageId: "unresolved", path: SOURCE },
          { messageId: "sensitiveHostPath", path: "/volumes/1/host/sourcePath" },
        ],
      },
      ...fromSamples("real sample cases", () => [
        {
          name: "CloudWatch agent daemon mounts /proc, /dev and /sys/fs/cgroup read-only (real sample)",
          resource: sampleTaskDefinition(
            "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
          ),
          violations: [
            {
              messageId: "sensitiveHostPath" as const,
              path: "/volumes/0/host/sourcePath",
              data: { volume: "proc", sourcePath: "/proc", access: "read-only in cloudwatch-agent" },
            },
            {
              messageId: "sensitiveHostPath" as const,
              path: "/volumes/1/host/sourcePath",
              data: { volume: "dev", sourcePath: "/dev", access: "read-only in cloudwatch-agent" },
            },
            {
              messageId: "sensitiveHostPath" as const,
              path: "/volumes/3/host/sourcePath",
              data: {
                volume: "al2_cgroup",
                sourcePath: "/sys/fs/cgroup",
                access: "read-only in cloudwatch-agent",
              },
            },
          ],
        },
        {
          name: "the same daemon in its CloudFormation template (real sample)",
          resource: templateTaskDefinition(
            "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
            "ECSTaskDefinition",
          ),
          violations: [
            { messageId: "sensitiveHostPath" as const, path: "/volumes/0/host/sourcePath" },
            { messageId: "sensitiveHostPath" as const, path: "/volumes/1/host/sourcePath" },
            { messageId: "sensitiveHostPath" as const, path: "/volumes/3/host/sourcePath" },
          ],
        },
      ]),
    ],
    unknown: [
      {
        name: "volumes from an unresolved intrinsic",
        resource: taskDefinition({ volumes: intrinsic("/volumes") }),
        observations: [{ messageId: "unresolved", path: "/volumes" }],
      },
      {
        name: "a volume from an unresolved intrinsic",
        resource: taskDefinition({ volumes: [intrinsic("/volumes/0")] }),
        observations: [{ messageId: "unresolved", path: "/volumes/0" }],
      },
      {
        name: "host from an unresolved intrinsic",
        resource: taskDefinition({ volumes: [{ name: "host", host: intrinsic("/volumes/0/host") }] }),
        observations: [{ messageId: "unresolved", path: "/volumes/0/host" }],
      },
      {
        name: "source path from an unresolved intrinsic",
        resource: mounting(intrinsic(SOURCE)),
        observations: [{ messageId: "unresolved", path: SOURCE }],
      },
    ],
  },
);

policyTester.run(
  withParameters({ allowedFamilies: ["ecs-cwagent-daemon-service", "falco"] }, "allowed daemons"),
  {
    valid: [
      { name: "an allowed family", resource: mounting("/var/run/docker.sock", true, "falco") },
      ...fromSamples("real sample cases", () => [
        {
          name: "the CloudWatch agent daemon's family allowed (real sample)",
          resource: sampleTaskDefinition(
            "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
          ),
        },
      ]),
    ],
    invalid: [
      {
        name: "another family",
        resource: mounting("/var/run/docker.sock", true, "web"),
        violations: [{ messageId: "sensitiveHostPath", path: SOURCE }],
      },
      {
        name: "families are matched exactly",
        resource: mounting("/proc", true, "falco-test"),
        violations: [{ messageId: "sensitiveHostPath", path: SOURCE }],
      },
    ],
    unknown: [
      {
        name: "an undecided family might be allowed",
        resource: mounting("/proc", true, intrinsic("/family")),
        observations: [{ messageId: "unresolved", path: "/family" }],
      },
    ],
  },
);

describe("no-sensitive-host-mounts parameters", () => {
  it("accept lists of non-empty family names", () => {
    const schema = noSensitiveHostMounts.parameters?.allowedFamilies.schema;
    expect([[], ["falco"], [""], "falco"].map((value) => schema?.safeParse(value).success)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
