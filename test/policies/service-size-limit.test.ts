import { describe, expect, it } from "vitest";
import { serviceFromApi } from "../../shared/model/service.ts";
import type { Service } from "../../shared/model/types.ts";
import serviceSizeLimit from "../../shared/policies/service-size-limit.ts";
import { intrinsic, service } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

function documentedService(): Service {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { CreateService: { output: { service: unknown } }[] };
  };
  return serviceFromApi(examples.CreateService[0]?.output.service);
}

policyTester.run(serviceSizeLimit, {
  valid: [
    { name: "two tasks", resource: service() },
    { name: "exactly the default maximum of 500", resource: service({ desiredCount: 500 }) },
    { name: "desiredCount not set", resource: service({ desiredCount: undefined }) },
    {
      name: "exactly a configured maximum of 100",
      resource: service({ desiredCount: 100 }),
      parameters: { maximumTasks: 100 },
    },
    {
      name: "1,000 tasks under a configured maximum of 2,000",
      resource: service({ desiredCount: 1000 }),
      parameters: { maximumTasks: 2000 },
    },
    ...fromSamples("real sample cases", () => [
      { name: "documented CreateService example with 10 tasks (real sample)", resource: documentedService() },
    ]),
  ],
  invalid: [
    {
      name: "501 tasks: two minutes of launches",
      resource: service({ desiredCount: 501 }),
      violations: [
        { messageId: "oversized", path: "/desiredCount", data: { desired: 501, maximum: 500, minutes: 2 } },
      ],
    },
    {
      name: "1,000 tasks",
      resource: service({ desiredCount: 1000 }),
      violations: [
        { messageId: "oversized", path: "/desiredCount", data: { desired: 1000, maximum: 500, minutes: 2 } },
      ],
    },
    {
      name: "above a configured maximum of 100",
      resource: service({ desiredCount: 101 }),
      parameters: { maximumTasks: 100 },
      violations: [
        { messageId: "oversized", path: "/desiredCount", data: { desired: 101, maximum: 100, minutes: 1 } },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "documented CreateService example under a configured maximum of 5 (real sample)",
        resource: documentedService(),
        parameters: { maximumTasks: 5 },
        violations: [
          {
            messageId: "oversized" as const,
            path: "/desiredCount",
            data: { desired: 10, maximum: 5, minutes: 1 },
          },
        ],
      },
    ]),
  ],
  unknown: [
    {
      name: "desiredCount from an unresolved intrinsic",
      resource: service({ desiredCount: intrinsic("/desiredCount") }),
      observations: [{ messageId: "unresolved", path: "/desiredCount" }],
    },
  ],
});

describe("service-size-limit parameters", () => {
  it("accept positive whole numbers only", () => {
    const schema = serviceSizeLimit.parameters?.maximumTasks.schema;
    const accepted = [1, 500, 0, -1, 2.5, "500"].map((value) => schema?.safeParse(value).success);
    expect(accepted).toEqual([true, true, false, false, false, false]);
  });
});
