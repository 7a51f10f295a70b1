import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import disableServiceExec from "../../../shared/remediation/actions/disable-service-exec.ts";
import {
  awsError,
  clients,
  describeAction,
  describedService,
  ecs,
  planOf,
  SERVICE,
  serviceUpdateCase,
} from "./harness.ts";

const testCase = serviceUpdateCase({
  action: disableServiceExec,
  policyId: "service-exec-disabled",
  before: describedService({ enableExecuteCommand: true }),
  after: describedService({ enableExecuteCommand: false }),
  update: { enableExecuteCommand: false, forceNewDeployment: true },
});

describeAction(testCase);

describe("disable-service-exec", () => {
  it("counts a service deleted between the check and the update as gone", async () => {
    ecs.on(DescribeServicesCommand).resolves(testCase.before);
    ecs.on(UpdateServiceCommand).rejects(awsError("ServiceNotActiveException"));
    expect((await disableServiceExec.apply(planOf(testCase), clients)).kind).toBe("gone");
  });

  it("propagates a describe failure other than MISSING: the check cannot tell what to do", async () => {
    ecs.on(DescribeServicesCommand).resolves({ failures: [{ arn: SERVICE, reason: "INTERNAL_ERROR" }] });
    await expect(disableServiceExec.apply(planOf(testCase), clients)).rejects.toMatchObject({
      name: "CheckFailedError",
      message: `DescribeServices failed: ${SERVICE} INTERNAL_ERROR`,
    });
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 0);
  });

  it("counts a deleted cluster as gone", async () => {
    ecs.on(DescribeServicesCommand).rejects(awsError("ClusterNotFoundException"));
    expect((await disableServiceExec.apply(planOf(testCase), clients)).kind).toBe("gone");
  });
});
