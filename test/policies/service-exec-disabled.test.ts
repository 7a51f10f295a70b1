import type { Service } from "../../shared/model/types.ts";
import serviceExecDisabled from "../../shared/policies/service-exec-disabled.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

policyTester.run(serviceExecDisabled, {
  valid: [
    { name: "enableExecuteCommand not set (off by default)", resource: service() },
    { name: "enableExecuteCommand false", resource: service({ enableExecuteCommand: false }) },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS refarch website service template (real sample)",
        resource: templateService("aws-samples__ecs-refarch-cloudformation__website-service.yaml", "Service"),
      },
    ]),
  ],
  invalid: [
    {
      name: "enableExecuteCommand true",
      resource: service({ enableExecuteCommand: true }),
      violations: [{ messageId: "execEnabled", path: "/enableExecuteCommand" }],
    },
    {
      name: 'enableExecuteCommand "true", as CloudFormation accepts it',
      resource: service({ enableExecuteCommand: "true", serviceName: "worker" }),
      violations: [{ messageId: "execEnabled", path: "/enableExecuteCommand" }],
    },
  ],
  unknown: [
    {
      name: "enableExecuteCommand from an unresolved intrinsic",
      resource: service({ enableExecuteCommand: intrinsic("/enableExecuteCommand") }),
      observations: [{ messageId: "unresolved", path: "/enableExecuteCommand" }],
    },
  ],
});
