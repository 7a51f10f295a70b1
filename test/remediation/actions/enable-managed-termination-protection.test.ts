import {
  type CapacityProvider,
  DescribeCapacityProvidersCommand,
  type ManagedScalingStatus,
  type ManagedTerminationProtection,
  UpdateCapacityProviderCommand,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { capacityProviderFromApi } from "../../../shared/model/capacity-provider.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import enableManagedTerminationProtection from "../../../shared/remediation/actions/enable-managed-termination-protection.ts";
import {
  type ActionCase,
  clients,
  contextOf,
  describeAction,
  ecs,
  missing,
  PREFIX,
  planOf,
} from "./harness.ts";

const NAME = "asg-capacity";
const provider = (
  protection: ManagedTerminationProtection,
  scaling: ManagedScalingStatus = "ENABLED",
): CapacityProvider => ({
  capacityProviderArn: `${PREFIX}:capacity-provider/${NAME}`,
  name: NAME,
  status: "ACTIVE",
  autoScalingGroupProvider: {
    autoScalingGroupArn:
      "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/ecs",
    managedScaling: { status: scaling },
    managedTerminationProtection: protection,
  },
});

const testCase: ActionCase = {
  action: enableManagedTerminationProtection,
  policyId: "capacity-provider-termination-protection",
  broken: capacityProviderFromApi(provider("DISABLED")),
  passing: capacityProviderFromApi(provider("ENABLED")),
  expected: {
    service: "ecs",
    operation: "UpdateCapacityProvider",
    input: { name: NAME, autoScalingGroupProvider: { managedTerminationProtection: "ENABLED" } },
  },
  client: "ecs",
  check: DescribeCapacityProvidersCommand,
  change: UpdateCapacityProviderCommand,
  before: { capacityProviders: [provider("DISABLED")] },
  after: { capacityProviders: [provider("ENABLED")] },
  gone: (mock) => mock.on(DescribeCapacityProvidersCommand).resolves(missing(NAME)),
};

describeAction(testCase);

describe("enable-managed-termination-protection", () => {
  it("plans nothing, and says why, for a capacity provider without managed scaling", () => {
    const withoutScaling = capacityProviderFromApi(provider("DISABLED", "DISABLED"));
    const result = planFor(
      enableManagedTerminationProtection,
      withoutScaling,
      contextOf(testCase, withoutScaling),
    );
    expect(result).toEqual({
      kind: "precluded",
      reason: expect.stringContaining("managed termination protection needs managed scaling on"),
    });
  });

  it("counts a deleted (INACTIVE) capacity provider as gone", async () => {
    ecs
      .on(DescribeCapacityProvidersCommand)
      .resolves({ capacityProviders: [{ ...provider("DISABLED"), status: "INACTIVE" }] });
    expect((await enableManagedTerminationProtection.apply(planOf(testCase), clients)).kind).toBe("gone");
    expect(ecs).toHaveReceivedCommandTimes(UpdateCapacityProviderCommand, 0);
  });
});
