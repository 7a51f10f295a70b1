import efsTransitEncryption from "../../shared/policies/efs-transit-encryption.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const TRANSIT = "/volumes/0/efsVolumeConfiguration/transitEncryption";

const efsVolume = (name: unknown, configuration: Record<string, unknown> = {}) => ({
  name,
  efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0", ...configuration },
});
const withVolumes = (...volumes: unknown[]) => taskDefinition({ volumes });

policyTester.run(efsTransitEncryption, {
  valid: [
    {
      name: "transit encryption enabled",
      resource: withVolumes(efsVolume("data", { transitEncryption: "ENABLED" })),
    },
    {
      name: "with an access point and IAM authorization",
      resource: withVolumes(
        efsVolume("data", {
          transitEncryption: "ENABLED",
          authorizationConfig: { accessPointId: "fsap-0123456789abcdef0", iam: "ENABLED" },
        }),
      ),
    },
    {
      name: "other volumes beside an encrypted EFS volume",
      resource: withVolumes({ name: "scratch" }, efsVolume("data", { transitEncryption: "ENABLED" })),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "EFS tutorial with transit encryption (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__tutorial-efs-volumes-L186"),
      },
    ]),
  ],
  invalid: [
    {
      name: "transit encryption not set (defaults to DISABLED)",
      resource: withVolumes(efsVolume("data")),
      violations: [{ messageId: "notSet", path: TRANSIT, data: { volume: "data" } }],
    },
    {
      name: "transit encryption disabled",
      resource: withVolumes(efsVolume("data", { transitEncryption: "DISABLED" })),
      violations: [{ messageId: "disabled", path: TRANSIT, data: { volume: "data", value: "DISABLED" } }],
    },
    {
      name: "values are case-sensitive",
      resource: withVolumes(efsVolume("data", { transitEncryption: "enabled" })),
      violations: [{ messageId: "disabled", path: TRANSIT, data: { volume: "data", value: "enabled" } }],
    },
    {
      name: "every unencrypted EFS volume is reported, unnamed ones by position",
      resource: withVolumes(
        efsVolume("logs", { transitEncryption: "ENABLED" }),
        { name: "scratch" },
        efsVolume(undefined),
      ),
      violations: [
        {
          messageId: "notSet",
          path: "/volumes/2/efsVolumeConfiguration/transitEncryption",
          data: { volume: "#2" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens EFS example with transit encryption disabled (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__efs"),
        violations: [
          {
            messageId: "disabled" as const,
            path: TRANSIT,
            data: { volume: "firelens-conf", value: "DISABLED" },
          },
        ],
      },
      {
        name: "ECS agent EFS functional test without transit encryption (real sample)",
        resource: sampleTaskDefinition("aws__amazon-ecs-agent__functional-tests-task-efs-vol-write"),
        violations: [{ messageId: "notSet" as const, path: TRANSIT, data: { volume: "task-efs-shared" } }],
      },
    ]),
  ],
  unknown: [
    {
      name: "transit encryption from an unresolved intrinsic",
      resource: withVolumes(efsVolume("data", { transitEncryption: intrinsic(TRANSIT) })),
      observations: [{ messageId: "unresolved", path: TRANSIT }],
    },
    {
      name: "EFS configuration from an unresolved intrinsic",
      resource: withVolumes({
        name: "data",
        efsVolumeConfiguration: intrinsic("/volumes/0/efsVolumeConfiguration"),
      }),
      observations: [{ messageId: "unresolved", path: "/volumes/0/efsVolumeConfiguration" }],
    },
    {
      name: "a volume from an unresolved intrinsic",
      resource: withVolumes(intrinsic("/volumes/0")),
      observations: [{ messageId: "unresolved", path: "/volumes/0" }],
    },
    {
      name: "volumes from an unresolved intrinsic",
      resource: taskDefinition({ volumes: intrinsic("/volumes") }),
      observations: [{ messageId: "unresolved", path: "/volumes" }],
    },
  ],
  notApplicable: [
    { name: "no volumes", resource: taskDefinition(), messageId: "noEfsVolumes" },
    {
      name: "only host and Docker volumes",
      resource: withVolumes(
        { name: "proc", host: { sourcePath: "/proc" } },
        { name: "cache", dockerVolumeConfiguration: { driver: "local", scope: "task" } },
      ),
      messageId: "noEfsVolumes",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "agent introspection validator with a Docker volume (real sample)",
        resource: sampleTaskDefinition(
          "aws__amazon-ecs-agent__functional-tests-agent-introspection-validator",
        ),
        messageId: "noEfsVolumes" as const,
      },
    ]),
  ],
});
