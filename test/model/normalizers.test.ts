import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serviceFromApi } from "../../shared/model/service.ts";
import { taskFromLaunch } from "../../shared/model/task.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { taskSetFromApi } from "../../shared/model/task-set.ts";
import { sampleEvent } from "../helpers/samples.ts";
import {
  fromSamples,
  readSharedJson,
  SHARED_DATA_DIRECTORY,
  sharedDataAvailable,
} from "../helpers/shared-data.ts";

describe("taskDefinitionFromApi", () => {
  it("reads a DescribeTaskDefinition / CloudTrail response document", () => {
    const event = sampleEvent("api-calls/register-task-definition-privileged-root") as {
      detail: { responseElements: { taskDefinition: unknown } };
    };
    expect(taskDefinitionFromApi(event.detail.responseElements.taskDefinition)).toMatchObject({
      kind: "TaskDefinition",
      arn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-worker:12",
      family: "payments-worker",
      revision: 12,
      networkMode: "bridge",
      pidMode: undefined,
      requiresCompatibilities: ["EC2"],
      runtimePlatform: undefined,
      containerDefinitions: [
        {
          name: "worker",
          image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-worker:2.8.1",
          privileged: undefined,
          user: "0",
        },
        {
          name: "metrics-agent",
          image: "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1",
          privileged: true,
          user: undefined,
        },
      ],
    });
  });

  it.each([
    ["true", true],
    ["false", false],
    [true, true],
    [false, false],
    [null, undefined],
    [undefined, undefined],
  ])("reads privileged %j as %j (CloudFormation writes booleans as strings too)", (privileged, expected) => {
    const taskDefinition = taskDefinitionFromApi({ containerDefinitions: [{ name: "app", privileged }] });
    expect(taskDefinition.containerDefinitions).toEqual([expect.objectContaining({ privileged: expected })]);
  });

  it.each([
    ["root", "root"],
    [0, "0"],
    [1000, "1000"],
    ["", ""],
  ])("reads user %j as %j (YAML turns unquoted UIDs into numbers)", (user, expected) => {
    const taskDefinition = taskDefinitionFromApi({ containerDefinitions: [{ name: "app", user }] });
    expect(taskDefinition.containerDefinitions).toEqual([expect.objectContaining({ user: expected })]);
  });

  it("keeps a mistyped field as undecidable, with its location, instead of throwing", () => {
    const taskDefinition = taskDefinitionFromApi({
      networkMode: ["host"],
      containerDefinitions: [{ name: "app", privileged: "yes", user: { id: 0 } }, null, "sidecar"],
    });
    expect(taskDefinition.networkMode).toEqual({
      unresolved: "expected a string, found a list",
      at: "/networkMode",
    });
    expect(taskDefinition.containerDefinitions).toMatchObject([
      {
        name: "app",
        image: undefined,
        privileged: {
          unresolved: 'expected a boolean, found string "yes"',
          at: "/containerDefinitions/0/privileged",
        },
        user: { unresolved: "expected a string, found an object", at: "/containerDefinitions/0/user" },
      },
      { unresolved: "expected a value, found null", at: "/containerDefinitions/1" },
      { unresolved: 'expected an object, found string "sidecar"', at: "/containerDefinitions/2" },
    ]);
  });

  it.each([null, 42, "task", [], {}])("never throws on %j", (input) => {
    expect(taskDefinitionFromApi(input)).toMatchObject({
      kind: "TaskDefinition",
      containerDefinitions: undefined,
    });
  });

  it("keeps an unresolved value where the CloudFormation normalizer put it", () => {
    const unresolved = {
      unresolved: "Fn::If on condition IsProd cannot be resolved offline",
      at: "/runtimePlatform",
    };
    expect(taskDefinitionFromApi({ runtimePlatform: unresolved }).runtimePlatform).toEqual(unresolved);
  });

  describe.skipIf(!sharedDataAvailable)("every real task definition in ../shared/data/taskdefs", () => {
    const files = fromSamples("normalizing the real task definitions", () =>
      readdirSync(`${SHARED_DATA_DIRECTORY}taskdefs`).filter((file) => file.endsWith(".json")),
    );
    it.each(files)("%s", (file) => {
      const document = readSharedJson(`taskdefs/${file}`) as { taskDefinition?: unknown };
      const taskDefinition = taskDefinitionFromApi(document.taskDefinition ?? document);
      expect(Array.isArray(taskDefinition.containerDefinitions)).toBe(true);
      // What the first policies read is decided in every real sample (some carry other invalid fields,
      // such as the FireLens logstash example's portMappings object, which stay Unresolved).
      for (const container of taskDefinition.containerDefinitions as unknown as Record<string, unknown>[]) {
        expect(
          JSON.stringify([container.privileged, container.user, taskDefinition.networkMode]),
        ).not.toContain("unresolved");
      }
    });
  });
});

describe("serviceFromApi", () => {
  it("reads a described service", () => {
    const event = sampleEvent("api-calls/create-service-public-ip") as {
      detail: { responseElements: { service: unknown } };
    };
    expect(serviceFromApi(event.detail.responseElements.service)).toMatchObject({
      kind: "Service",
      arn: "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api",
      serviceName: "checkout-api",
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
      launchType: "FARGATE",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout-api:31",
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
    });
  });

  it("reads a CreateService request", () => {
    const event = sampleEvent("api-calls/create-service-public-ip") as {
      detail: { requestParameters: unknown };
    };
    expect(serviceFromApi(event.detail.requestParameters)).toMatchObject({
      arn: undefined,
      serviceName: "checkout-api",
      cluster: "prod",
    });
  });
});

describe("taskSetFromApi", () => {
  it("reads a described task set and a CreateTaskSet request alike", () => {
    const event = sampleEvent("api-calls/create-task-set-public-ip") as {
      detail: { requestParameters: unknown; responseElements: { taskSet: unknown } };
    };
    const described = taskSetFromApi(event.detail.responseElements.taskSet);
    const requested = taskSetFromApi(event.detail.requestParameters);
    expect(described).toMatchObject({
      arn: "arn:aws:ecs:eu-west-1:123456789012:task-set/prod/checkout-canary/ecs-svc/1234567890123456789",
      id: "ecs-svc/1234567890123456789",
      service: "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-canary",
    });
    expect(requested).toMatchObject({ arn: undefined, service: "checkout-canary", cluster: "prod" });
    expect(described.networkConfiguration).toEqual(requested.networkConfiguration);
  });
});

describe("taskFromLaunch", () => {
  it("takes the task from the response and the network configuration from the request", () => {
    const event = sampleEvent("api-calls/run-task-public-ip") as {
      detail: { requestParameters: unknown; responseElements: { tasks: unknown[] } };
    };
    expect(
      taskFromLaunch(event.detail.responseElements.tasks[0], event.detail.requestParameters),
    ).toMatchObject({
      kind: "Task",
      arn: "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c",
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
      launchType: "FARGATE",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/db-migrate:5",
      startedBy: "jane.doe",
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
    });
  });
});
