import { describe, expect, it } from "vitest";
import { serviceFromApi } from "../../../shared/model/service.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import enableServiceManagedTags from "../../../shared/remediation/actions/enable-service-managed-tags.ts";
import { CLUSTER, describeAction, describedService, SERVICE, serviceUpdateCase } from "./harness.ts";

describeAction(
  serviceUpdateCase({
    action: enableServiceManagedTags,
    policyId: "service-managed-tags",
    before: describedService({ enableECSManagedTags: false, propagateTags: "NONE" }),
    after: describedService({ enableECSManagedTags: true, propagateTags: "SERVICE" }),
    passing: describedService({ enableECSManagedTags: true, propagateTags: "TASK_DEFINITION" }),
    update: { enableECSManagedTags: true, propagateTags: "SERVICE" },
  }),
);

describe("enable-service-managed-tags", () => {
  it("changes only what is off: a service propagating its task definition's tags keeps doing so", () => {
    const service = serviceFromApi(
      describedService({ enableECSManagedTags: false, propagateTags: "TASK_DEFINITION" }),
    );
    const plan = planFor(enableServiceManagedTags, service, {
      policyId: "service-managed-tags",
      violations: ["enableECSManagedTags is false"],
    });
    expect(plan).toMatchObject({
      kind: "plan",
      call: { input: { cluster: CLUSTER, service: SERVICE, enableECSManagedTags: true } },
    });
    expect(plan.kind === "plan" && "propagateTags" in plan.call.input).toBe(false);
  });

  it("changes only what is off: managed tags already on stay out of the request", () => {
    const service = serviceFromApi(describedService({ enableECSManagedTags: true, propagateTags: "NONE" }));
    const plan = planFor(enableServiceManagedTags, service, {
      policyId: "service-managed-tags",
      violations: ["propagateTags is NONE"],
    });
    expect(plan).toEqual({
      kind: "plan",
      action: "enable-service-managed-tags",
      call: {
        service: "ecs",
        operation: "UpdateService",
        input: { cluster: CLUSTER, service: SERVICE, propagateTags: "SERVICE" },
      },
    });
  });
});
