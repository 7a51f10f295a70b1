import { containerInstanceFromApi } from "../../shared/model/container-instance.ts";
import containerInstanceAwsvpcImdsBlocked from "../../shared/policies/container-instance-awsvpc-imds-blocked.ts";
import { intrinsic } from "../helpers/builders.ts";
import {
  attributesWith,
  BLOCK_INSTANCE_METADATA,
  containerInstance,
  realContainerInstances,
  TASK_ENI,
  TASK_IAM_ROLE_NETWORK_HOST,
} from "../helpers/container-instances.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const ATTRIBUTES = "/attributes";
const sample = (name: string) =>
  containerInstanceFromApi(sampleEvent(`container-instance-state-changes/${name}`).detail);

policyTester.run(containerInstanceAwsvpcImdsBlocked, {
  valid: [
    { name: "awsvpc tasks with instance metadata blocked", resource: containerInstance() },
    {
      name: "host mode task roles allowed too: not this policy's concern",
      resource: containerInstance({ attributes: attributesWith([TASK_IAM_ROLE_NETWORK_HOST]) }),
    },
    { name: "project sample: a hardened instance", resource: sample("registered-hardened") },
  ],
  invalid: [
    {
      name: "awsvpc tasks without ECS_AWSVPC_BLOCK_IMDS",
      resource: containerInstance({ attributes: attributesWith([], [BLOCK_INSTANCE_METADATA]) }),
      violations: [{ messageId: "notBlocked", path: ATTRIBUTES }],
    },
    {
      name: "attribute names are case-sensitive",
      resource: containerInstance({
        attributes: attributesWith([BLOCK_INSTANCE_METADATA.toUpperCase()], [BLOCK_INSTANCE_METADATA]),
      }),
      violations: [{ messageId: "notBlocked", path: ATTRIBUTES }],
    },
    {
      name: "project sample: a legacy instance without the block",
      resource: sample("legacy-agent-disconnected"),
      violations: [{ messageId: "notBlocked", path: ATTRIBUTES }],
    },
  ],
  unknown: [
    {
      name: "no attributes in the event",
      resource: containerInstance({ attributes: undefined }),
      observations: [{ messageId: "attributesNotReported", path: ATTRIBUTES }],
    },
    {
      name: "attributes of the wrong type",
      resource: containerInstance({ attributes: "ecs.capability.task-eni" }),
      observations: [{ messageId: "unresolved", path: ATTRIBUTES }],
    },
    {
      name: "an unreadable attribute where the block might be",
      resource: containerInstance({
        attributes: [{ name: TASK_ENI }, { name: intrinsic("/attributes/1/name") }],
      }),
      observations: [{ messageId: "unresolved", path: "/attributes/1/name" }],
    },
  ],
  notApplicable: [
    {
      name: "an agent without awsvpc task networking",
      resource: containerInstance({ attributes: attributesWith([], [TASK_ENI, BLOCK_INSTANCE_METADATA]) }),
      messageId: "noAwsvpc",
    },
    {
      name: "project sample: an external instance",
      resource: sample("external-instance"),
      messageId: "noAwsvpc",
    },
    ...realContainerInstances().map(({ files, resource }) => ({
      name: `real sample (${files}): a 2016 agent without task networking`,
      resource,
      messageId: "noAwsvpc" as const,
    })),
  ],
});
