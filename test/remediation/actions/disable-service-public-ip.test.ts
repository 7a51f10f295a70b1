import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { serviceFromApi } from "../../../shared/model/service.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import disableServicePublicIp, {
  StalePlanError,
} from "../../../shared/remediation/actions/disable-service-public-ip.ts";
import { clients, describeAction, describedService, ecs, planOf, serviceUpdateCase } from "./harness.ts";

const awsvpc = (assignPublicIp: string, subnets = ["subnet-0a1b2c3d", "subnet-1b2c3d4e"]) => ({
  awsvpcConfiguration: { subnets, securityGroups: ["sg-0a1b2c3d"], assignPublicIp },
});
const before = describedService({ networkConfiguration: awsvpc("ENABLED") });
const after = describedService({ networkConfiguration: awsvpc("DISABLED") });

const testCase = serviceUpdateCase({
  action: disableServicePublicIp,
  policyId: "no-service-public-ip",
  before,
  after,
  update: { networkConfiguration: awsvpc("DISABLED") },
});

describeAction(testCase);

describe("disable-service-public-ip", () => {
  const context = { policyId: "no-service-public-ip", violations: ["assignPublicIp is ENABLED"] };

  it("leaves a service with a CODE_DEPLOY or EXTERNAL controller to its task sets", () => {
    for (const type of ["CODE_DEPLOY", "EXTERNAL"]) {
      const service = serviceFromApi(describedService({ ...before, deploymentController: { type } }));
      expect(planFor(disableServicePublicIp, service, context)).toMatchObject({ kind: "precluded" });
    }
  });

  it("refuses a plan whose subnets the service no longer has, rather than undo that change", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [describedService({ networkConfiguration: awsvpc("ENABLED", ["subnet-9f8e7d6c"]) })],
    });
    await expect(disableServicePublicIp.apply(planOf(testCase), clients)).rejects.toBeInstanceOf(
      StalePlanError,
    );
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 0);
  });

  it("counts a service being deleted (DRAINING) as gone", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [{ ...before, status: "DRAINING" }] });
    expect((await disableServicePublicIp.apply(planOf(testCase), clients)).kind).toBe("gone");
  });
});
