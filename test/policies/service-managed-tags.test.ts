import { serviceFromApi } from "../../shared/model/service.ts";
import type { Service } from "../../shared/model/types.ts";
import serviceManagedTags from "../../shared/policies/service-managed-tags.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const tagged = { enableECSManagedTags: true, propagateTags: "SERVICE" };

function templateService(file: string, logicalId: string): Service {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Service") throw new Error(`${file} has no service ${logicalId}`);
  return resource;
}

function documentedCreateService(index: number): Service {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { CreateService: { input: unknown }[] };
  };
  return serviceFromApi(examples.CreateService[index]?.input);
}

policyTester.run(serviceManagedTags, {
  valid: [
    { name: "managed tags, propagated from the service", resource: service(tagged) },
    {
      name: "managed tags, propagated from the task definition",
      resource: service({ ...tagged, propagateTags: "TASK_DEFINITION" }),
    },
  ],
  invalid: [
    {
      name: "neither set (the API defaults)",
      resource: service(),
      violations: [
        { messageId: "managedTagsOff", path: "/enableECSManagedTags", data: { value: "not set" } },
        { messageId: "tagsNotPropagated", path: "/propagateTags", data: { value: "not set (NONE)" } },
      ],
    },
    {
      name: "managed tags off",
      resource: service({ ...tagged, enableECSManagedTags: false }),
      violations: [{ messageId: "managedTagsOff", path: "/enableECSManagedTags", data: { value: "false" } }],
    },
    {
      name: "propagateTags NONE",
      resource: service({ ...tagged, propagateTags: "NONE" }),
      violations: [{ messageId: "tagsNotPropagated", path: "/propagateTags", data: { value: "NONE" } }],
    },
    {
      name: "managed tags without propagation",
      resource: service({ enableECSManagedTags: true }),
      violations: [{ messageId: "tagsNotPropagated", path: "/propagateTags" }],
    },
    {
      name: "a decided violation fails even when the other field is unresolved",
      resource: service({ enableECSManagedTags: false, propagateTags: intrinsic("/propagateTags") }),
      violations: [
        { messageId: "managedTagsOff", path: "/enableECSManagedTags" },
        { messageId: "unresolved", path: "/propagateTags" },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "EC2 private service template without tag settings (real sample)",
        resource: templateService(
          "aws-cloudformation__aws-cloudformation-templates__EC2LaunchType-private-service.json",
          "Service",
        ),
        violations: [
          { messageId: "managedTagsOff" as const, path: "/enableECSManagedTags" },
          { messageId: "tagsNotPropagated" as const, path: "/propagateTags" },
        ],
      },
      {
        name: "documented CreateService example (real sample)",
        resource: documentedCreateService(0),
        violations: [
          { messageId: "managedTagsOff" as const, path: "/enableECSManagedTags" },
          { messageId: "tagsNotPropagated" as const, path: "/propagateTags" },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "enableECSManagedTags from an unresolved intrinsic",
      resource: service({ ...tagged, enableECSManagedTags: intrinsic("/enableECSManagedTags") }),
      observations: [{ messageId: "unresolved", path: "/enableECSManagedTags" }],
    },
    {
      name: "propagateTags from an unresolved intrinsic",
      resource: service({ ...tagged, propagateTags: intrinsic("/propagateTags") }),
      observations: [{ messageId: "unresolved", path: "/propagateTags" }],
    },
    {
      name: "a mistyped flag",
      resource: service({ ...tagged, enableECSManagedTags: "yes" }),
      observations: [{ messageId: "unresolved", path: "/enableECSManagedTags" }],
    },
  ],
});
