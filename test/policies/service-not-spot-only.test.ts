import type { Service } from "../../shared/model/types.ts";
import serviceNotSpotOnly from "../../shared/policies/service-not-spot-only.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const STRATEGY = "/capacityProviderStrategy";

const placedBy = (...capacityProviderStrategy: unknown[]) =>
  service({ launchType: undefined, capacityProviderStrategy });

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

policyTester.run(serviceNotSpotOnly, {
  valid: [
    { name: "FARGATE only", resource: placedBy({ capacityProvider: "FARGATE", weight: 1 }) },
    {
      name: "FARGATE and FARGATE_SPOT weighted",
      resource: placedBy(
        { capacityProvider: "FARGATE", weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ),
    },
    {
      name: "a FARGATE base under a FARGATE_SPOT weight",
      resource: placedBy(
        { capacityProvider: "FARGATE", base: 2, weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ),
    },
    {
      name: "an Auto Scaling group provider (its Spot use is not visible)",
      resource: placedBy({ capacityProvider: "ec2-spot-asg", weight: 1 }),
    },
    {
      name: "counts written as strings, as CloudFormation allows",
      resource: placedBy(
        { capacityProvider: "FARGATE", base: "1", weight: "0" },
        { capacityProvider: "FARGATE_SPOT", weight: "1" },
      ),
    },
  ],
  invalid: [
    {
      name: "FARGATE_SPOT only",
      resource: placedBy({ capacityProvider: "FARGATE_SPOT", weight: 1 }),
      violations: [{ messageId: "spotOnly", path: STRATEGY }],
    },
    {
      name: "the only provider FARGATE_SPOT, without a weight",
      resource: placedBy({ capacityProvider: "FARGATE_SPOT" }),
      violations: [{ messageId: "spotOnly", path: STRATEGY }],
    },
    {
      name: "FARGATE listed with weight 0 and no base: it places no task",
      resource: placedBy(
        { capacityProvider: "FARGATE", weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ),
      violations: [{ messageId: "spotOnly", path: STRATEGY }],
    },
    {
      name: "a base on FARGATE_SPOT itself does not help",
      resource: placedBy({ capacityProvider: "FARGATE_SPOT", base: 2, weight: 1 }),
      violations: [{ messageId: "spotOnly", path: STRATEGY }],
    },
  ],
  unknown: [
    {
      name: "provider name from an unresolved intrinsic",
      resource: placedBy({ capacityProvider: intrinsic(`${STRATEGY}/0/capacityProvider`), weight: 1 }),
      observations: [{ messageId: "unresolved", path: `${STRATEGY}/0/capacityProvider` }],
    },
    {
      name: "weight from an unresolved intrinsic",
      resource: placedBy(
        { capacityProvider: "FARGATE", weight: intrinsic(`${STRATEGY}/0/weight`) },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ),
      observations: [{ messageId: "unresolved", path: `${STRATEGY}/0/weight` }],
    },
    {
      name: "a strategy item from an unresolved intrinsic",
      resource: placedBy(intrinsic(`${STRATEGY}/0`)),
      observations: [{ messageId: "unresolved", path: `${STRATEGY}/0` }],
    },
    {
      name: "the strategy from an unresolved intrinsic",
      resource: service({ launchType: undefined, capacityProviderStrategy: intrinsic(STRATEGY) }),
      observations: [{ messageId: "unresolved", path: STRATEGY }],
    },
  ],
  notApplicable: [
    { name: "FARGATE launch type, no strategy", resource: service(), messageId: "noStrategy" },
    { name: "an empty strategy", resource: placedBy(), messageId: "noStrategy" },
    ...fromSamples("real sample cases", () => [
      {
        name: "Fargate public service template with a launch type (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml",
          "Service",
        ),
        messageId: "noStrategy" as const,
      },
    ]),
  ],
});
