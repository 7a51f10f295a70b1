import efsAccessPoint from "../../shared/policies/efs-access-point.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const ACCESS_POINT = "/volumes/0/efsVolumeConfiguration/authorizationConfig/accessPointId";

const efsVolume = (efsVolumeConfiguration: unknown, name = "data") => ({ name, efsVolumeConfiguration });
const withVolumes = (...volumes: unknown[]) => taskDefinition({ volumes });
const secured = { fileSystemId: "fs-0a1b2c3d", transitEncryption: "ENABLED" };

policyTester.run(efsAccessPoint, {
  valid: [
    {
      name: "access point",
      resource: withVolumes(
        efsVolume({ ...secured, authorizationConfig: { iam: "ENABLED", accessPointId: "fsap-0a1b2c3d" } }),
      ),
    },
    {
      name: "access point without IAM (judged by efs-iam-authorization)",
      resource: withVolumes(
        efsVolume({ ...secured, authorizationConfig: { accessPointId: "fsap-0a1b2c3d" } }),
      ),
    },
  ],
  invalid: [
    {
      name: "no authorization configuration: the file system's root",
      resource: withVolumes(efsVolume(secured)),
      violations: [
        { messageId: "noAccessPoint", path: ACCESS_POINT, data: { volume: "data", rootDirectory: "/" } },
      ],
    },
    {
      name: "a root directory enforces nothing",
      resource: withVolumes(
        efsVolume({ ...secured, rootDirectory: "/app", authorizationConfig: { iam: "ENABLED" } }),
      ),
      violations: [
        { messageId: "noAccessPoint", path: ACCESS_POINT, data: { volume: "data", rootDirectory: "/app" } },
      ],
    },
    {
      name: "unresolved root directory",
      resource: withVolumes(
        efsVolume({
          ...secured,
          rootDirectory: intrinsic("/volumes/0/efsVolumeConfiguration/rootDirectory"),
        }),
      ),
      violations: [
        {
          messageId: "noAccessPoint",
          path: ACCESS_POINT,
          data: { volume: "data", rootDirectory: "unresolved" },
        },
      ],
    },
    {
      name: "only EFS volumes without one",
      resource: withVolumes(
        efsVolume({ ...secured, authorizationConfig: { accessPointId: "fsap-0a1b2c3d" } }, "ok"),
        { name: "scratch", host: { sourcePath: "/tmp" } },
        efsVolume({ ...secured, authorizationConfig: { accessPointId: " " } }, "shared"),
      ),
      violations: [
        {
          messageId: "noAccessPoint",
          path: "/volumes/2/efsVolumeConfiguration/authorizationConfig/accessPointId",
          data: { volume: "shared", rootDirectory: "/" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "FireLens EFS example mounting the root (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__efs"),
        violations: [
          {
            messageId: "noAccessPoint" as const,
            path: ACCESS_POINT,
            data: { volume: "firelens-conf", rootDirectory: "/" },
          },
        ],
      },
      {
        name: "task definition template with an empty access point (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__task-definition-template-L5"),
        violations: [
          {
            messageId: "noAccessPoint" as const,
            path: ACCESS_POINT,
            data: { volume: "#0", rootDirectory: "/" },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "access point from an unresolved intrinsic",
      resource: withVolumes(
        efsVolume({ ...secured, authorizationConfig: { accessPointId: intrinsic(ACCESS_POINT) } }),
      ),
      observations: [{ messageId: "unresolved", path: ACCESS_POINT }],
    },
    {
      name: "unresolved volume",
      resource: withVolumes(intrinsic("/volumes/0")),
      observations: [{ messageId: "unresolved", path: "/volumes/0" }],
    },
  ],
  notApplicable: [
    { name: "no volumes", resource: taskDefinition(), messageId: "noEfsVolumes" },
    ...fromSamples("real sample cases", () => [
      {
        name: "Windows FSx example (real sample)",
        resource: sampleTaskDefinition("awsdocs__amazon-ecs-developer-guide__tutorial-wfsx-volumes-L273"),
        messageId: "noEfsVolumes" as const,
      },
    ]),
  ],
});
