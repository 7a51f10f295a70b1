import { capacityProviderFromApi } from "../../shared/model/capacity-provider.ts";
import capacityProviderManagedScaling from "../../shared/policies/capacity-provider-managed-scaling.ts";
import { intrinsic } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";

const STATUS = "/autoScalingGroupProvider/managedScaling/status";
const GROUP =
  "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0a1b2c3d:autoScalingGroupName/ecs-prod";

const asgProvider = (managedScaling: unknown) =>
  capacityProviderFromApi({
    name: "ec2-prod",
    autoScalingGroupProvider: {
      autoScalingGroupArn: GROUP,
      managedScaling,
      managedTerminationProtection: "ENABLED",
    },
  });

// No real capacity provider in ../shared/data (templates or API examples), so this table has no sample case.
policyTester.run(capacityProviderManagedScaling, {
  valid: [
    { name: "managed scaling ENABLED", resource: asgProvider({ status: "ENABLED", targetCapacity: 100 }) },
    { name: "ENABLED with spare capacity", resource: asgProvider({ status: "ENABLED", targetCapacity: 80 }) },
  ],
  invalid: [
    {
      name: "managed scaling DISABLED",
      resource: asgProvider({ status: "DISABLED" }),
      violations: [{ messageId: "managedScalingOff", path: STATUS, data: { status: "DISABLED" } }],
    },
    {
      name: "no managed scaling settings",
      resource: asgProvider(undefined),
      violations: [{ messageId: "managedScalingOff", path: STATUS, data: { status: "not set" } }],
    },
    {
      name: "settings without a status",
      resource: asgProvider({ targetCapacity: 90 }),
      violations: [{ messageId: "managedScalingOff", path: STATUS, data: { status: "not set" } }],
    },
  ],
  unknown: [
    {
      name: "status from an unresolved intrinsic",
      resource: asgProvider({ status: intrinsic(STATUS) }),
      observations: [{ messageId: "unresolved", path: STATUS }],
    },
    {
      name: "managed scaling from an unresolved intrinsic",
      resource: asgProvider(intrinsic("/autoScalingGroupProvider/managedScaling")),
      observations: [{ messageId: "unresolved", path: "/autoScalingGroupProvider/managedScaling" }],
    },
    {
      name: "Auto Scaling group provider from an unresolved intrinsic",
      resource: capacityProviderFromApi({
        name: "ec2-prod",
        autoScalingGroupProvider: intrinsic("/autoScalingGroupProvider"),
      }),
      observations: [{ messageId: "unresolved", path: "/autoScalingGroupProvider" }],
    },
  ],
  notApplicable: [
    {
      name: "a provider without an Auto Scaling group",
      resource: capacityProviderFromApi({ name: "FARGATE" }),
      messageId: "noAutoScalingGroup",
    },
  ],
});
