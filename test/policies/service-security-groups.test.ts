import type { Service } from "../../shared/model/types.ts";
import serviceSecurityGroups from "../../shared/policies/service-security-groups.ts";
import { SECURITY_GROUPS_PATH } from "../../shared/policies/utils/service-awsvpc-security-groups.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const awsvpcWith = (securityGroups: unknown) =>
  service({
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d"], securityGroups } },
  });

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

policyTester.run(serviceSecurityGroups, {
  valid: [
    { name: "one security group", resource: service() },
    { name: "two security groups", resource: awsvpcWith(["sg-0a1b2c3d", "sg-4e5f6a7b"]) },
    {
      name: "a group imported from another stack still names a group",
      resource: awsvpcWith([
        intrinsic(`${SECURITY_GROUPS_PATH}/0`, "Fn::ImportValue cannot be resolved offline"),
      ]),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate public service template with an imported security group (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "Service",
        ),
      },
    ]),
  ],
  invalid: [
    {
      name: "no security groups",
      resource: awsvpcWith(undefined),
      violations: [{ messageId: "defaultSecurityGroup", path: SECURITY_GROUPS_PATH }],
    },
    {
      name: "an empty list of security groups",
      resource: awsvpcWith([]),
      violations: [{ messageId: "defaultSecurityGroup", path: SECURITY_GROUPS_PATH }],
    },
  ],
  unknown: [
    {
      name: "security groups from an unresolved intrinsic",
      resource: awsvpcWith(intrinsic(SECURITY_GROUPS_PATH)),
      observations: [{ messageId: "unresolved", path: SECURITY_GROUPS_PATH }],
    },
    {
      name: "awsvpc configuration from an unresolved intrinsic",
      resource: service({
        networkConfiguration: { awsvpcConfiguration: intrinsic("/networkConfiguration/awsvpcConfiguration") },
      }),
      observations: [{ messageId: "unresolved", path: "/networkConfiguration/awsvpcConfiguration" }],
    },
    {
      name: "network configuration from an unresolved intrinsic",
      resource: service({ networkConfiguration: intrinsic("/networkConfiguration") }),
      observations: [{ messageId: "unresolved", path: "/networkConfiguration" }],
    },
  ],
  notApplicable: [
    {
      name: "bridge-mode service on EC2 without a network configuration",
      resource: service({ launchType: "EC2", networkConfiguration: undefined }),
      messageId: "noAwsvpc",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "EC2 private service template in bridge mode (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__EC2LaunchType-private-service.json",
          "Service",
        ),
        messageId: "noAwsvpc" as const,
      },
    ]),
  ],
});
