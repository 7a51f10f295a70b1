import type { Service } from "../../shared/model/types.ts";
import cloudMapTaskLimit from "../../shared/policies/cloud-map-task-limit.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const registries = [
  { registryArn: "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0a1b2c3d4e5f6a7b" },
];

const discovered = (desiredCount: unknown) => service({ serviceRegistries: registries, desiredCount });

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

policyTester.run(cloudMapTaskLimit, {
  valid: [
    { name: "two tasks in Cloud Map", resource: discovered(2) },
    { name: "exactly 1,000 tasks", resource: discovered(1000) },
    { name: "desiredCount not set", resource: discovered(undefined) },
  ],
  invalid: [
    {
      name: "1,001 tasks",
      resource: discovered(1001),
      violations: [{ messageId: "overLimit", path: "/desiredCount", data: { desired: 1001 } }],
    },
    {
      name: "5,000 tasks written as a string",
      resource: discovered("5000"),
      violations: [{ messageId: "overLimit", path: "/desiredCount", data: { desired: 5000 } }],
    },
  ],
  unknown: [
    {
      name: "desiredCount from an unresolved intrinsic",
      resource: discovered(intrinsic("/desiredCount")),
      observations: [{ messageId: "unresolved", path: "/desiredCount" }],
    },
    {
      name: "service registries from an unresolved intrinsic",
      resource: service({ serviceRegistries: intrinsic("/serviceRegistries"), desiredCount: 2000 }),
      observations: [{ messageId: "unresolved", path: "/serviceRegistries" }],
    },
  ],
  notApplicable: [
    {
      name: "a large service without service discovery",
      resource: service({ desiredCount: 2000 }),
      messageId: "noServiceDiscovery",
    },
    {
      name: "an empty list of registries",
      resource: service({ serviceRegistries: [], desiredCount: 2000 }),
      messageId: "noServiceDiscovery",
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS refarch product service behind a load balancer (real sample)",
        resource: templateService("aws-samples__ecs-refarch-cloudformation__product-service.yaml", "Service"),
        messageId: "noServiceDiscovery" as const,
      },
    ]),
  ],
});
