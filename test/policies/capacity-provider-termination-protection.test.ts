import { capacityProviderFromApi } from "../../shared/model/capacity-provider.ts";
import capacityProviderTerminationProtection from "../../shared/policies/capacity-provider-termination-protection.ts";
import { ACCOUNT, intrinsic, REGION } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

const PATH = "/autoScalingGroupProvider/managedTerminationProtection";
const ASG_ARN =
  `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:` +
  "autoScalingGroupName/ecs-prod";

const asgProvider = (overrides: Record<string, unknown> = {}) =>
  capacityProviderFromApi({
    name: "prod-asg",
    autoScalingGroupProvider: {
      autoScalingGroupArn: ASG_ARN,
      managedScaling: { status: "ENABLED", targetCapacity: 100 },
      ...overrides,
    },
  });

policyTester.run(capacityProviderTerminationProtection, {
  valid: [
    {
      name: "termination protection enabled",
      resource: asgProvider({ managedTerminationProtection: "ENABLED" }),
    },
    {
      name: "enabled, even with managed scaling off (not this control's concern)",
      resource: asgProvider({
        managedTerminationProtection: "ENABLED",
        managedScaling: { status: "DISABLED" },
      }),
    },
  ],
  invalid: [
    {
      name: "not set: off by default",
      resource: asgProvider(),
      violations: [{ messageId: "notSet", path: PATH }],
    },
    {
      name: "disabled",
      resource: asgProvider({ managedTerminationProtection: "DISABLED" }),
      violations: [{ messageId: "disabled", path: PATH, data: { value: "DISABLED" } }],
    },
    {
      name: "values are case-sensitive",
      resource: asgProvider({ managedTerminationProtection: "enabled" }),
      violations: [{ messageId: "disabled", path: PATH, data: { value: "enabled" } }],
    },
  ],
  unknown: [
    {
      name: "termination protection from an unresolved intrinsic",
      resource: asgProvider({ managedTerminationProtection: intrinsic(PATH) }),
      observations: [{ messageId: "unresolved", path: PATH }],
    },
    {
      name: "Auto Scaling group provider from an unresolved intrinsic",
      resource: capacityProviderFromApi({
        name: "prod-asg",
        autoScalingGroupProvider: intrinsic("/autoScalingGroupProvider"),
      }),
      observations: [{ messageId: "unresolved", path: "/autoScalingGroupProvider" }],
    },
  ],
  notApplicable: [
    {
      name: "FARGATE",
      resource: capacityProviderFromApi({ name: "FARGATE" }),
      messageId: "noAutoScalingGroup",
    },
    {
      name: "FARGATE_SPOT as DescribeCapacityProviders returns it",
      resource: capacityProviderFromApi({
        capacityProviderArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/FARGATE_SPOT`,
        name: "FARGATE_SPOT",
        status: "ACTIVE",
        tags: [],
      }),
      messageId: "noAutoScalingGroup",
    },
    {
      name: "ECS Managed Instances provider",
      resource: capacityProviderFromApi({
        name: "managed",
        managedInstancesProvider: { infrastructureRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructure` },
      }),
      messageId: "noAutoScalingGroup",
    },
  ],
});
