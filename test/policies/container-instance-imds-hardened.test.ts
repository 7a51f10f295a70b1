import { containerInstanceFromApi } from "../../shared/model/container-instance.ts";
import { unresolved } from "../../shared/model/resolvable.ts";
import containerInstanceImdsHardened from "../../shared/policies/container-instance-imds-hardened.ts";
import { intrinsic } from "../helpers/builders.ts";
import {
  containerInstance,
  ec2Instance,
  ec2InstanceWithMetadata,
  INSTANCE_ID,
  lookupsFor,
  realContainerInstances,
} from "../helpers/container-instances.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const EC2_INSTANCE_ID = "/ec2InstanceId";
const instance = containerInstance();
const sample = (name: string) =>
  containerInstanceFromApi(sampleEvent(`container-instance-state-changes/${name}`).detail);

policyTester.run(containerInstanceImdsHardened, {
  valid: [
    { name: "IMDSv2 required with a hop limit of 1", resource: instance, lookups: lookupsFor(ec2Instance()) },
    {
      name: "the metadata endpoint disabled, whatever else is set",
      resource: instance,
      lookups: lookupsFor(
        ec2InstanceWithMetadata({
          HttpEndpoint: "disabled",
          HttpTokens: "optional",
          HttpPutResponseHopLimit: 2,
        }),
      ),
    },
    {
      name: "project sample: a hardened instance",
      resource: sample("registered-hardened"),
      lookups: lookupsFor(ec2Instance()),
    },
  ],
  invalid: [
    {
      name: "IMDSv1 answered (tokens optional)",
      resource: instance,
      lookups: lookupsFor(ec2InstanceWithMetadata({ HttpTokens: "optional" })),
      violations: [{ messageId: "tokensOptional", path: EC2_INSTANCE_ID, data: { value: "optional" } }],
    },
    {
      name: "a hop limit of 2, as AL2023 AMIs set it",
      resource: instance,
      lookups: lookupsFor(ec2InstanceWithMetadata({ HttpPutResponseHopLimit: 2 })),
      violations: [{ messageId: "hopLimit", path: EC2_INSTANCE_ID, data: { value: 2 } }],
    },
    {
      name: "both, with the endpoint enabled by default (no HttpEndpoint reported)",
      resource: instance,
      lookups: lookupsFor(
        ec2InstanceWithMetadata({
          HttpEndpoint: undefined,
          HttpTokens: "optional",
          HttpPutResponseHopLimit: 64,
        }),
      ),
      violations: [
        { messageId: "tokensOptional", path: EC2_INSTANCE_ID, data: { value: "optional" } },
        { messageId: "hopLimit", path: EC2_INSTANCE_ID, data: { value: 64 } },
      ],
    },
    {
      name: "the other is unknown, one is weak: FAILED",
      resource: instance,
      lookups: lookupsFor(
        ec2InstanceWithMetadata({ HttpTokens: "optional", HttpPutResponseHopLimit: undefined }),
      ),
      violations: [
        { messageId: "tokensOptional", path: EC2_INSTANCE_ID, data: { value: "optional" } },
        { messageId: "optionUnknown", outcome: "unknown", path: EC2_INSTANCE_ID },
      ],
    },
    ...realContainerInstances().map(({ files, resource }) => ({
      name: `real sample (${files}) on an IMDSv1 instance`,
      resource,
      lookups: { ec2Instances: { "i-f3a8506b": ec2InstanceWithMetadata({ HttpTokens: "optional" }) } },
      violations: [{ messageId: "tokensOptional" as const, path: EC2_INSTANCE_ID }],
    })),
  ],
  unknown: [
    {
      name: "EC2 not read (offline)",
      resource: instance,
      observations: [
        {
          messageId: "instanceUnknown",
          path: EC2_INSTANCE_ID,
          data: { instanceId: INSTANCE_ID, reason: "EC2 is not read offline" },
        },
      ],
    },
    {
      name: "the read was skipped, with the reason",
      resource: instance,
      lookups: lookupsFor(unresolved("replay makes no AWS calls", "")),
      observations: [
        {
          messageId: "instanceUnknown",
          path: EC2_INSTANCE_ID,
          data: { instanceId: INSTANCE_ID, reason: "replay makes no AWS calls" },
        },
      ],
    },
    {
      name: "EC2 no longer knows the instance",
      resource: instance,
      lookups: lookupsFor(null),
      observations: [
        { messageId: "instanceNotFound", path: EC2_INSTANCE_ID, data: { instanceId: INSTANCE_ID } },
      ],
    },
    {
      name: "no MetadataOptions reported",
      resource: instance,
      lookups: lookupsFor(ec2Instance({ MetadataOptions: undefined })),
      observations: [
        {
          messageId: "optionUnknown",
          path: EC2_INSTANCE_ID,
          data: { option: "MetadataOptions", reason: "DescribeInstances reports none" },
        },
      ],
    },
    {
      name: "no HttpTokens reported",
      resource: instance,
      lookups: lookupsFor(ec2InstanceWithMetadata({ HttpTokens: undefined })),
      observations: [
        {
          messageId: "optionUnknown",
          path: EC2_INSTANCE_ID,
          data: { option: "HttpTokens", reason: "DescribeInstances reports none" },
        },
      ],
    },
    {
      name: "a hop limit of the wrong type",
      resource: instance,
      lookups: lookupsFor(ec2InstanceWithMetadata({ HttpPutResponseHopLimit: "one" })),
      observations: [
        {
          messageId: "optionUnknown",
          path: EC2_INSTANCE_ID,
          data: { option: "HttpPutResponseHopLimit", reason: 'expected a number, found "one"' },
        },
      ],
    },
    {
      name: "an instance id that cannot be read",
      resource: containerInstance({ ec2InstanceId: intrinsic("/ec2InstanceId") }),
      observations: [{ messageId: "unresolved", path: EC2_INSTANCE_ID }],
    },
  ],
  notApplicable: [
    {
      name: "project sample: an external instance",
      resource: sample("external-instance"),
      messageId: "external",
    },
    {
      name: "an empty instance id, as no EC2 instance",
      resource: containerInstance({ ec2InstanceId: "" }),
      messageId: "external",
    },
  ],
});
