import { isUnresolved, type Resolvable } from "../model/resolvable.ts";
import { definePolicy, type Observation, unknown, violation } from "./define-policy.ts";
import {
  describedInstance,
  EC2_INSTANCE_ID,
  EC2_INSTANCE_MESSAGES,
  type Ec2InstanceMessageId,
} from "./utils/ec2-instance.ts";

type MessageId = Ec2InstanceMessageId | "tokensOptional" | "hopLimit" | "optionUnknown";

export default definePolicy({
  id: "container-instance-imds-hardened",
  title: "Container instances require IMDSv2 with a response hop limit of 1",
  severity: "HIGH",
  resource: "ContainerInstance",
  controls: [],
  practice:
    "J5: Require IMDSv2 with a hop limit of 1 on container instances (compensating control for J1/J2)",
  rationale:
    "Containers on an EC2 container instance can ask its instance metadata service for the instance role's " +
    "credentials. Requiring IMDSv2 tokens defeats requests forged through SSRF, which cannot send the PUT a token " +
    "needs, and a PUT response hop limit of 1 keeps the token from crossing Docker's bridge into bridge mode " +
    "containers, which the API shows no other protection for (iptables rules are invisible to it).",
  deviations:
    "An instance whose metadata endpoint is disabled passes. The metadata options are DescribeInstances' for the " +
    "instance (the launch template is not read: an instance is judged when its agent reports). Host mode " +
    "containers share the instance's network, so neither setting keeps them out (see no-host-network-mode); " +
    "awsvpc tasks are judged on the agent's own block (container-instance-awsvpc-imds-blocked). External (ECS " +
    "Anywhere) instances have no EC2 metadata and are not applicable. Security Hub's EC2.8 judges the tokens " +
    "alone, on every instance.",
  messages: {
    ...EC2_INSTANCE_MESSAGES,
    tokensOptional: "MetadataOptions.HttpTokens is {{value}}: IMDSv1 requests without a token are answered",
    hopLimit:
      "MetadataOptions.HttpPutResponseHopLimit is {{value}}: containers behind Docker's bridge get IMDSv2 tokens",
    optionUnknown: "MetadataOptions.{{option}} of the EC2 instance is not known: {{reason}}",
  } satisfies Record<MessageId, string>,
  remediation: {
    recommendation:
      "Set the launch template's metadata options to HttpTokens required and HttpPutResponseHopLimit 1 and replace " +
      "the instances, or change running ones with ModifyInstanceMetadataOptions; containers that need AWS " +
      "credentials get them from their task role.",
    url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html",
    fixable: true,
  },
  needs: ["ec2Instance"],
  evaluate: (instance, { lookups }) => {
    const lookup = describedInstance(instance, lookups);
    if ("observations" in lookup) return lookup.observations;
    const { described } = lookup;
    const options = described.MetadataOptions;
    if (options === undefined || isUnresolved(options)) {
      return [optionUnknown("MetadataOptions", options ?? "DescribeInstances reports none")];
    }
    if (options.HttpEndpoint === "disabled") return [];
    return [
      ...judge("HttpTokens", options.HttpTokens, (tokens) => tokens !== "required", "tokensOptional"),
      ...judge("HttpPutResponseHopLimit", options.HttpPutResponseHopLimit, (limit) => limit > 1, "hopLimit"),
    ];
  },
});

/** A violation when the option is set and `weak`, UNKNOWN when it is not reported. */
function judge<Value extends string | number>(
  option: string,
  value: Resolvable<Value | undefined>,
  weak: (value: Value) => boolean,
  messageId: MessageId,
): Observation<MessageId>[] {
  if (value === undefined || isUnresolved(value)) {
    return [optionUnknown(option, value ?? "DescribeInstances reports none")];
  }
  return weak(value) ? [violation(messageId, EC2_INSTANCE_ID, { value })] : [];
}

function optionUnknown(option: string, reason: Resolvable<string>): Observation<MessageId> {
  return unknown("optionUnknown", EC2_INSTANCE_ID, {
    option,
    reason: isUnresolved(reason) ? reason.unresolved : reason,
  });
}
