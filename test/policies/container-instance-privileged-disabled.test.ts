import { containerInstanceFromApi } from "../../shared/model/container-instance.ts";
import containerInstancePrivilegedDisabled from "../../shared/policies/container-instance-privileged-disabled.ts";
import { intrinsic } from "../helpers/builders.ts";
import {
  attributesWith,
  CLUSTER_ARN,
  containerInstance,
  PRIVILEGED_CONTAINER,
  realContainerInstances,
} from "../helpers/container-instances.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const ATTRIBUTES = "/attributes";
const sample = (name: string) =>
  containerInstanceFromApi(sampleEvent(`container-instance-state-changes/${name}`).detail);
const privileged = containerInstance({ attributes: attributesWith([PRIVILEGED_CONTAINER]) });

policyTester.run(containerInstancePrivilegedDisabled, {
  valid: [
    { name: "ECS_DISABLE_PRIVILEGED=true: no privileged-container attribute", resource: containerInstance() },
    { name: "no attributes at all: nothing registered", resource: containerInstance({ attributes: [] }) },
    {
      name: "a cluster allowed by name",
      resource: privileged,
      parameters: { allowedClusters: ["ci", "payments"] },
    },
    {
      name: "a cluster allowed by ARN",
      resource: privileged,
      parameters: { allowedClusters: [CLUSTER_ARN] },
    },
    { name: "project sample: a hardened instance", resource: sample("registered-hardened") },
  ],
  invalid: [
    {
      name: "privileged containers allowed",
      resource: privileged,
      violations: [{ messageId: "privilegedAllowed", path: ATTRIBUTES }],
    },
    {
      name: "another cluster is allowed, not this one",
      resource: privileged,
      parameters: { allowedClusters: ["ci"] },
      violations: [{ messageId: "privilegedAllowed", path: ATTRIBUTES }],
    },
    {
      name: "a cluster that cannot be read is not allowed",
      resource: containerInstance({
        attributes: attributesWith([PRIVILEGED_CONTAINER]),
        clusterArn: intrinsic("/clusterArn"),
      }),
      parameters: { allowedClusters: ["payments"] },
      violations: [{ messageId: "privilegedAllowed", path: ATTRIBUTES }],
    },
    {
      name: "project sample: a legacy instance",
      resource: sample("legacy-agent-disconnected"),
      violations: [{ messageId: "privilegedAllowed", path: ATTRIBUTES }],
    },
    {
      name: "project sample: an external instance",
      resource: sample("external-instance"),
      violations: [{ messageId: "privilegedAllowed", path: ATTRIBUTES }],
    },
    ...realContainerInstances().map(({ files, resource }) => ({
      name: `real sample (${files}): a default agent configuration`,
      resource,
      violations: [{ messageId: "privilegedAllowed" as const, path: ATTRIBUTES }],
    })),
  ],
  unknown: [
    {
      name: "no attributes in the event",
      resource: containerInstance({ attributes: undefined }),
      observations: [{ messageId: "attributesNotReported", path: ATTRIBUTES }],
    },
    {
      name: "an unreadable attribute that might be it",
      resource: containerInstance({ attributes: [{ name: "ecs.capability.task-eni" }, null] }),
      observations: [{ messageId: "unresolved", path: "/attributes/1" }],
    },
    {
      name: "attributes from an unresolved value",
      resource: containerInstance({ attributes: intrinsic(ATTRIBUTES) }),
      observations: [{ messageId: "unresolved", path: ATTRIBUTES }],
    },
  ],
});
