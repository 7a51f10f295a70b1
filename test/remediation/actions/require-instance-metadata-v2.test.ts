import { DescribeInstancesCommand, ModifyInstanceMetadataOptionsCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { containerInstanceLookups } from "../../../shared/engine/lookups.ts";
import { containerInstanceFromApi, ec2InstanceFromApi } from "../../../shared/model/container-instance.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import requireInstanceMetadataV2 from "../../../shared/remediation/actions/require-instance-metadata-v2.ts";
import { type ActionCase, awsError, clients, describeAction, ec2, PREFIX, planOf } from "./harness.ts";

const WEAK = "i-0a1b2c3d4e5f60718";
const HARDENED = "i-0f1e2d3c4b5a69788";
const instance = (id: string, tokens: string, hopLimit: number, state = "running") => ({
  InstanceId: id,
  State: { Name: state },
  MetadataOptions: { HttpEndpoint: "enabled", HttpTokens: tokens, HttpPutResponseHopLimit: hopLimit },
});
const described = (...instances: object[]) => ({ Reservations: [{ Instances: instances }] });
const containerInstance = (ec2InstanceId: string) =>
  containerInstanceFromApi({
    containerInstanceArn: `${PREFIX}:container-instance/prod/7c1e4f2a9b3d4e5f8a6b0c1d2e3f4a5b`,
    clusterArn: `${PREFIX}:cluster/prod`,
    ec2InstanceId,
  });

const testCase: ActionCase = {
  action: requireInstanceMetadataV2,
  policyId: "container-instance-imds-hardened",
  lookups: containerInstanceLookups({
    ec2Instances: new Map([
      [WEAK, ec2InstanceFromApi(instance(WEAK, "optional", 2))],
      [HARDENED, ec2InstanceFromApi(instance(HARDENED, "required", 1))],
    ]),
    tasks: new Map(),
  }),
  broken: containerInstance(WEAK),
  passing: containerInstance(HARDENED),
  expected: {
    service: "ec2",
    operation: "ModifyInstanceMetadataOptions",
    input: { InstanceId: WEAK, HttpTokens: "required", HttpPutResponseHopLimit: 1 },
  },
  client: "ec2",
  check: DescribeInstancesCommand,
  change: ModifyInstanceMetadataOptionsCommand,
  before: described(instance(WEAK, "optional", 2)),
  after: described(instance(WEAK, "required", 1)),
  gone: (mock) => mock.on(DescribeInstancesCommand).rejects(awsError("InvalidInstanceID.NotFound")),
};

describeAction(testCase);

describe("require-instance-metadata-v2", () => {
  it("plans nothing for an external (ECS Anywhere) instance, which has no EC2 metadata", () => {
    const external = containerInstanceFromApi({
      containerInstanceArn: `${PREFIX}:container-instance/prod/mi-1`,
    });
    expect(
      planFor(requireInstanceMetadataV2, external, {
        policyId: testCase.policyId,
        violations: ["tokens optional"],
      }),
    ).toMatchObject({ kind: "precluded" });
  });

  it("still lowers a hop limit above 1 when tokens are already required", async () => {
    ec2.on(DescribeInstancesCommand).resolves(described(instance(WEAK, "required", 2)));
    expect((await requireInstanceMetadataV2.apply(planOf(testCase), clients)).kind).toBe("changed");
  });

  it("counts a terminated instance, which DescribeInstances still lists for a while, as gone", async () => {
    ec2.on(DescribeInstancesCommand).resolves(described(instance(WEAK, "optional", 2, "terminated")));
    expect((await requireInstanceMetadataV2.apply(planOf(testCase), clients)).kind).toBe("gone");
    expect(ec2).toHaveReceivedCommandTimes(ModifyInstanceMetadataOptionsCommand, 0);
  });
});
