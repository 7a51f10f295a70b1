import type { Service } from "../../shared/model/types.ts";
import serviceCapacityProviderStrategy from "../../shared/policies/service-capacity-provider-strategy.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

policyTester.run(serviceCapacityProviderStrategy, {
  valid: [
    {
      name: "an Auto Scaling group capacity provider strategy",
      resource: service({
        launchType: undefined,
        networkConfiguration: undefined,
        capacityProviderStrategy: [{ capacityProvider: "ec2-asg", weight: 1 }],
      }),
    },
    { name: "Fargate launch type", resource: service() },
    {
      name: "neither launch type nor strategy: the cluster's default strategy places tasks",
      resource: service({ launchType: undefined }),
    },
  ],
  invalid: [
    {
      name: "EC2 launch type",
      resource: service({ launchType: "EC2", networkConfiguration: undefined }),
      violations: [{ messageId: "placedByLaunchType", path: "/launchType" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "CloudWatch agent DAEMON service on the EC2 launch type (real sample)",
        resource: templateService(
          "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json",
          "ECSDaemonService",
        ),
        violations: [{ messageId: "placedByLaunchType" as const, path: "/launchType" }],
      },
    ]),
  ],
  unknown: [
    {
      name: "launch type from an unresolved intrinsic",
      resource: service({ launchType: intrinsic("/launchType") }),
      observations: [{ messageId: "unresolved", path: "/launchType" }],
    },
  ],
});
