import {
  type Instance as DescribedInstance,
  DescribeInstancesCommand,
  ModifyInstanceMetadataOptionsCommand,
} from "@aws-sdk/client-ec2";
import { ec2InstanceIdOf } from "../../model/container-instance.ts";
import { type ApiCall, defineAction, isAwsError, planCall, precluded } from "./action.ts";

const ID = "require-instance-metadata-v2";

interface ModifyInstanceMetadataOptionsInput {
  readonly InstanceId: string;
  readonly HttpTokens: "required";
  readonly HttpPutResponseHopLimit: 1;
}

/** An instance terminated (or terminating) keeps answering DescribeInstances for a while: it is gone all the same. */
const GONE_STATES = ["shutting-down", "terminated"];

export default defineAction<"ContainerInstance", ModifyInstanceMetadataOptionsInput>({
  id: ID,
  description:
    "Requires IMDSv2 with a PUT response hop limit of 1 on the EC2 instance behind a container instance.",
  policies: ["container-instance-imds-hardened"],
  resources: ["ContainerInstance"],
  permissions: [
    { actions: ["ec2:DescribeInstances"], resources: ["*"], scopableBy: [] },
    {
      actions: ["ec2:ModifyInstanceMetadataOptions"],
      resources: [{ arn: "arn:{partition}:ec2:{region}:{account}:instance/*" }],
      scopableBy: ["aws:ResourceTag"],
    },
  ],
  plan(instance) {
    const instanceId = ec2InstanceIdOf(instance);
    if (instanceId === undefined)
      return precluded("the container instance has no EC2 instance (ECS Anywhere)");
    return planCall(ID, {
      service: "ec2",
      operation: "ModifyInstanceMetadataOptions",
      input: { InstanceId: instanceId, HttpTokens: "required", HttpPutResponseHopLimit: 1 },
    });
  },
  async apply(plan, clients) {
    const check: ApiCall<{ InstanceIds: string[] }> = {
      service: "ec2",
      operation: "DescribeInstances",
      input: { InstanceIds: [plan.call.input.InstanceId] },
    };
    let found: DescribedInstance | undefined;
    try {
      const described = await clients.ec2.send(new DescribeInstancesCommand(check.input));
      found = described.Reservations?.flatMap((reservation) => reservation.Instances ?? [])[0];
    } catch (error) {
      if (isAwsError(error, ["InvalidInstanceID.NotFound"])) return { kind: "gone", calls: [check] };
      throw error;
    }
    const state = found?.State?.Name;
    if (found === undefined || (state !== undefined && GONE_STATES.includes(state))) {
      return { kind: "gone", calls: [check] };
    }
    const options = found.MetadataOptions;
    const hardened =
      options?.HttpEndpoint === "disabled" ||
      (options?.HttpTokens === "required" && (options.HttpPutResponseHopLimit ?? 1) <= 1);
    if (hardened) return { kind: "already-fixed", calls: [check] };
    try {
      await clients.ec2.send(new ModifyInstanceMetadataOptionsCommand({ ...plan.call.input }));
    } catch (error) {
      if (isAwsError(error, ["InvalidInstanceID.NotFound"]))
        return { kind: "gone", calls: [check, plan.call] };
      throw error;
    }
    return { kind: "changed", calls: [check, plan.call] };
  },
});
