import efsIamAuthorization from "../../shared/policies/efs-iam-authorization.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const IAM = "/volumes/0/efsVolumeConfiguration/authorizationConfig/iam";

const efsVolume = (efsVolumeConfiguration: unknown, name = "data") => ({ name, efsVolumeConfiguration });
const withVolumes = (...volumes: unknown[]) => taskDefinition({ volumes });
const secured = { fileSystemId: "fs-0a1b2c3d", transitEncryption: "ENABLED" };

policyTester.run(efsIamAuthorization, {
  valid: [
    {
      name: "IAM enabled",
      resource: withVolumes(efsVolume({ ...secured, authorizationConfig: { iam: "ENABLED" } })),
    },
    {
      name: "IAM enabled with an access point, next to a host volume",
      resource: withVolumes(
        { name: "scratch", host: { sourcePath: "/tmp" } },
        efsVolume({ ...secured, authorizationConfig: { iam: "ENABLED", accessPointId: "fsap-0a1b2c3d" } }),
      ),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "task definition template with IAM enabled (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
      },
    ]),
  ],
  invalid: [
    {
      name: "IAM disabled",
      resource: withVolumes(efsVolume({ ...secured, authorizationConfig: { iam: "DISABLED" } })),
      violations: [{ messageId: "iamNotEnabled", path: IAM, data: { volume: "data", iam: "DISABLED" } }],
    },
    {
      name: "no authorization configuration",
      resource: withVolumes(efsVolume(secured)),
      violations: [{ messageId: "iamNotEnabled", path: IAM, data: { volume: "data", iam: "not set" } }],
    },
    {
      name: "values are case-sensitive",
      resource: withVolumes(efsVolume({ ...secured, authorizationConfig: { iam: "enabled" } })),
      violations: [{ messageId: "iamNotEnabled", path: IAM }],
    },
    {
      name: "each EFS volume, unnamed ones by position",
      resource: withVolumes(
        efsVolume({ ...secured, authorizationConfig: { iam: "ENABLED" } }, "ok"),
        { name: "docker", dockerVolumeConfiguration: { driver: "local", scope: "task" } },
        efsVolume(secured, ""),
      ),
      violations: [
        {
          messageId: "iamNotEnabled",
          path: "/volumes/2/efsVolumeConfiguration/authorizationConfig/iam",
          data: { volume: "#2", iam: "not set" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens EFS example with IAM disabled (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__efs"),
        violations: [
          {
            messageId: "iamNotEnabled" as const,
            path: IAM,
            data: { volume: "firelens-conf", iam: "DISABLED" },
          },
        ],
      },
      {
        name: "EFS tutorial without an authorization configuration (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__tutorial-efs-volumes-L186"),
        violations: [
          { messageId: "iamNotEnabled" as const, path: IAM, data: { volume: "efs-html", iam: "not set" } },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "iam from an unresolved intrinsic",
      resource: withVolumes(efsVolume({ ...secured, authorizationConfig: { iam: intrinsic(IAM) } })),
      observations: [{ messageId: "unresolved", path: IAM }],
    },
    {
      name: "authorization configuration from an unresolved intrinsic",
      resource: withVolumes(
        efsVolume({
          ...secured,
          authorizationConfig: intrinsic("/volumes/0/efsVolumeConfiguration/authorizationConfig"),
        }),
      ),
      observations: [
        { messageId: "unresolved", path: "/volumes/0/efsVolumeConfiguration/authorizationConfig" },
      ],
    },
    {
      name: "EFS configuration from an unresolved intrinsic",
      resource: withVolumes(efsVolume(intrinsic("/volumes/0/efsVolumeConfiguration"))),
      observations: [{ messageId: "unresolved", path: "/volumes/0/efsVolumeConfiguration" }],
    },
    {
      name: "unresolved volume",
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
      name: "only a host volume",
      resource: withVolumes({ name: "scratch", host: { sourcePath: "/tmp" } }),
      messageId: "noEfsVolumes",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent daemon with host volumes (real sample)",
        resource: sampleTaskDefinition(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-daemon",
        ),
        messageId: "noEfsVolumes" as const,
      },
    ]),
  ],
});
