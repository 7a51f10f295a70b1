import {
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  type TaskSet as DescribedTaskSet,
  DescribeServicesCommand,
  DescribeTaskSetsCommand,
  UpdateServicePrimaryTaskSetCommand,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { taskSetFromApi } from "../../../shared/model/task-set.ts";
import recreateTaskSetWithoutPublicIp, {
  NotExternallyDeployedError,
} from "../../../shared/remediation/actions/recreate-task-set-without-public-ip.ts";
import { modelsAvailable, validateRequest } from "../../helpers/aws-model.ts";
import {
  type ActionCase,
  awsError,
  CLUSTER,
  clients,
  describeAction,
  describedService,
  ecs,
  expectValidEcsRequests,
  missing,
  PREFIX,
  planOf,
  SERVICE,
} from "./harness.ts";

const OLD = `${PREFIX}:task-set/prod/web/ecs-svc/1234567890123456789`;
const NEW = `${PREFIX}:task-set/prod/web/ecs-svc/9876543210987654321`;
const TASK_DEFINITION = `${PREFIX}:task-definition/web:12`;
const TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";
const REGISTRY = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0123456789abcdef";
const TAGS = [
  { key: "team", value: "payments" },
  { key: "aws:cloudformation:stack-name", value: "web" },
];

const awsvpc = (assignPublicIp: "ENABLED" | "DISABLED") => ({
  awsvpcConfiguration: {
    subnets: ["subnet-0a1b2c3d", "subnet-1b2c3d4e"],
    securityGroups: ["sg-0a1b2c3d"],
    assignPublicIp,
  },
});

/** A task set as DescribeTaskSets returns it, with every setting CreateTaskSet takes. */
function taskSet(fields: Partial<DescribedTaskSet> = {}): DescribedTaskSet {
  return {
    id: "ecs-svc/1234567890123456789",
    taskSetArn: OLD,
    serviceArn: SERVICE,
    clusterArn: CLUSTER,
    externalId: "deployment-42",
    status: "PRIMARY",
    taskDefinition: TASK_DEFINITION,
    launchType: "FARGATE",
    platformVersion: "1.4.0",
    platformFamily: "Linux",
    networkConfiguration: awsvpc("ENABLED"),
    loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: "app", containerPort: 8080 }],
    serviceRegistries: [{ registryArn: REGISTRY }],
    scale: { value: 100, unit: "PERCENT" },
    computedDesiredCount: 2,
    runningCount: 2,
    stabilityStatus: "STEADY_STATE",
    tags: TAGS,
    ...fields,
  };
}

/** The replacement ECS creates: the old one's settings, without public IPs, not yet serving. */
const replacement = (fields: Partial<DescribedTaskSet> = {}) =>
  taskSet({
    id: "ecs-svc/9876543210987654321",
    taskSetArn: NEW,
    status: "ACTIVE",
    networkConfiguration: awsvpc("DISABLED"),
    ...fields,
  });

/** What the plan shows: the settings the normalized task set holds, its AWS tags left out. */
const PLANNED = {
  cluster: CLUSTER,
  service: SERVICE,
  taskDefinition: TASK_DEFINITION,
  networkConfiguration: awsvpc("DISABLED"),
  launchType: "FARGATE",
  platformVersion: "1.4.0",
  tags: [{ key: "team", value: "payments" }],
};

/** What apply sends: the plan, plus what only DescribeTaskSets says. */
const CREATED = {
  ...PLANNED,
  externalId: "deployment-42",
  loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: "app", containerPort: 8080 }],
  serviceRegistries: [{ registryArn: REGISTRY }],
  scale: { value: 100, unit: "PERCENT" },
};

const external = (type = "EXTERNAL") => ({
  services: [describedService({ deploymentController: { type } })],
  failures: [],
});

/**
 * The service's task sets: the old one alone until the replacement is created; then the old one draining (deleted)
 * beside the replacement, which serves.
 */
function taskSetsAnswer(input: { taskSets?: string[] }, changed: boolean) {
  const old = taskSet(changed ? { status: "DRAINING" } : {});
  const all = changed ? [old, replacement({ status: "PRIMARY" })] : [old];
  return { taskSets: input.taskSets === undefined ? all : all.filter((one) => one.taskSetArn === OLD) };
}

const testCase: ActionCase = {
  action: recreateTaskSetWithoutPublicIp,
  policyId: "no-task-set-public-ip",
  broken: taskSetFromApi(taskSet()),
  passing: taskSetFromApi(replacement()),
  expected: { service: "ecs", operation: "CreateTaskSet", input: PLANNED },
  rebuild: {
    from: {
      service: "ecs",
      operation: "DescribeTaskSets",
      input: { cluster: CLUSTER, service: SERVICE, taskSets: [OLD], include: ["TAGS"] },
    },
    policyId: "no-task-set-public-ip",
    reason: expect.stringContaining("apply describes the task set again"),
  },
  client: "ecs",
  check: DescribeTaskSetsCommand,
  change: CreateTaskSetCommand,
  changeAnswer: { taskSet: replacement() },
  before: {},
  after: {},
  answer: taskSetsAnswer,
  install(mock) {
    mock.on(DescribeServicesCommand).resolves(external());
    mock.on(UpdateServicePrimaryTaskSetCommand).resolves({});
    mock.on(DeleteTaskSetCommand).resolves({});
  },
  operations: {
    changed: [
      "DescribeTaskSets",
      "DescribeServices",
      "DescribeTaskSets",
      "CreateTaskSet",
      "UpdateServicePrimaryTaskSet",
      "DeleteTaskSet",
    ],
    again: ["DescribeTaskSets", "DescribeTaskSets"],
  },
  gone: (mock) => mock.on(DescribeTaskSetsCommand).resolves(missing(OLD)),
};

describeAction(testCase);

/** The old task set and its siblings as ECS describes them, and the service's controller. */
function installWorld(siblings: readonly DescribedTaskSet[], controller = "EXTERNAL") {
  ecs.on(DescribeTaskSetsCommand).callsFake((input: { taskSets?: string[] }) => ({
    taskSets: input.taskSets === undefined ? siblings : siblings.filter((one) => one.taskSetArn === OLD),
  }));
  ecs.on(DescribeServicesCommand).resolves(external(controller));
  ecs.on(CreateTaskSetCommand).resolves({ taskSet: replacement() });
  ecs.on(UpdateServicePrimaryTaskSetCommand).resolves({});
  ecs.on(DeleteTaskSetCommand).resolves({});
}

describe("recreate-task-set-without-public-ip", () => {
  it("creates the replacement with every setting of the old one, its tags but AWS's, without public IPs", async () => {
    // A task set of another revision without public IPs is no replacement.
    const otherRevision = replacement({ taskDefinition: `${PREFIX}:task-definition/web:11` });
    installWorld([taskSet(), otherRevision]);
    const outcome = await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients);
    expect(outcome.kind).toBe("changed");
    expect(ecs.commandCalls(CreateTaskSetCommand).map((call) => call.args[0].input)).toEqual([CREATED]);
    expectValidEcsRequests();
  });

  it("makes the replacement primary when the old one was, then deletes the old one without force", async () => {
    installWorld([taskSet()]);
    const outcome = await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients);
    expect(ecs).toHaveReceivedCommandWith(UpdateServicePrimaryTaskSetCommand, {
      cluster: CLUSTER,
      service: SERVICE,
      primaryTaskSet: NEW,
    });
    expect(ecs).toHaveReceivedCommandWith(DeleteTaskSetCommand, {
      cluster: CLUSTER,
      service: SERVICE,
      taskSet: OLD,
      force: false,
    });
    expect(outcome.notes).toBeUndefined();
    expectValidEcsRequests();
  });

  it("leaves the primary task set alone when the old one did not serve", async () => {
    installWorld([taskSet({ status: "ACTIVE" })]);
    expect((await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients)).kind).toBe("changed");
    expect(ecs).toHaveReceivedCommandTimes(UpdateServicePrimaryTaskSetCommand, 0);
    expect(ecs).toHaveReceivedCommandTimes(DeleteTaskSetCommand, 1);
  });

  it("does not create a second replacement when a run stopped before it deleted the old one", async () => {
    installWorld([taskSet(), replacement()]);
    const outcome = await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients);
    expect(outcome.kind).toBe("changed");
    expect(ecs).toHaveReceivedCommandTimes(CreateTaskSetCommand, 0);
    expect(ecs).toHaveReceivedCommandWith(UpdateServicePrimaryTaskSetCommand, { primaryTaskSet: NEW });
    expect(ecs).toHaveReceivedCommandTimes(DeleteTaskSetCommand, 1);
    expect(outcome.notes).toContain(`${NEW} already replaces it: not created again`);
  });

  it.each(["CODE_DEPLOY", "ECS"])(
    "refuses, changing nothing, a task set of a service with the %s controller",
    async (controller) => {
      installWorld([taskSet()], controller);
      await expect(recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients)).rejects.toBeInstanceOf(
        NotExternallyDeployedError,
      );
      expect(ecs).toHaveReceivedCommandTimes(CreateTaskSetCommand, 0);
      expect(ecs).toHaveReceivedCommandTimes(UpdateServicePrimaryTaskSetCommand, 0);
      expect(ecs).toHaveReceivedCommandTimes(DeleteTaskSetCommand, 0);
    },
  );

  it("says the old task set keeps running while ECS refuses to delete it before it is scaled down", async () => {
    installWorld([taskSet()]);
    ecs.on(DeleteTaskSetCommand).rejects(awsError("InvalidParameterException"));
    const outcome = await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients);
    expect(outcome.kind).toBe("changed");
    expect(outcome.notes).toEqual([expect.stringContaining("is left running with public IPs")]);
  });

  it("changes nothing on a retry that finds the replacement serving and the deletion still refused", async () => {
    installWorld([taskSet({ status: "ACTIVE" }), replacement({ status: "PRIMARY" })]);
    ecs.on(DeleteTaskSetCommand).rejects(awsError("InvalidParameterException"));
    const outcome = await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients);
    expect(outcome.kind).toBe("already-fixed");
    expect(ecs).toHaveReceivedCommandTimes(CreateTaskSetCommand, 0);
    expect(ecs).toHaveReceivedCommandTimes(UpdateServicePrimaryTaskSetCommand, 0);
  });

  it("counts a task set deleted by someone else (draining, no replacement) or a deleted service as gone", async () => {
    installWorld([taskSet({ status: "DRAINING" })]);
    expect((await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients)).kind).toBe("gone");
    ecs.on(DescribeTaskSetsCommand).rejects(awsError("ServiceNotFoundException"));
    expect((await recreateTaskSetWithoutPublicIp.apply(planOf(testCase), clients)).kind).toBe("gone");
    expect(ecs).toHaveReceivedCommandTimes(CreateTaskSetCommand, 0);
  });

  it("plans only for a deployed task set with an awsvpc configuration", () => {
    const context = { policyId: "no-task-set-public-ip", violations: ["assignPublicIp is ENABLED"] };
    const unsaved = taskSetFromApi({ ...taskSet(), taskSetArn: undefined });
    expect(recreateTaskSetWithoutPublicIp.plan(unsaved, context)).toMatchObject({ kind: "precluded" });
    const bridged = taskSetFromApi({ ...taskSet(), networkConfiguration: undefined });
    expect(recreateTaskSetWithoutPublicIp.plan(bridged, context)).toMatchObject({ kind: "precluded" });
  });

  it("makes no plan, not even a dry run's, for a task set CodeDeploy created", () => {
    const context = { policyId: "no-task-set-public-ip", violations: ["assignPublicIp is ENABLED"] };
    const byCodeDeploy = taskSetFromApi({ ...taskSet(), startedBy: "CODE_DEPLOY" });
    expect(recreateTaskSetWithoutPublicIp.plan(byCodeDeploy, context)).toEqual({
      kind: "precluded",
      reason: "CodeDeploy created the task set: its AppSpec decides the network configuration",
    });
  });

  it("plans with a capacity provider strategy instead of a launch type, which CreateTaskSet refuses together", () => {
    const strategy = [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }];
    const withStrategy = taskSet({ capacityProviderStrategy: strategy });
    const plan = planOf<Record<string, unknown>>(testCase, taskSetFromApi(withStrategy));
    expect(plan.call.input.capacityProviderStrategy).toEqual(strategy);
    expect(plan.call.input).not.toHaveProperty("launchType");
    if (modelsAvailable()) expect(validateRequest("ecs", "CreateTaskSet", plan.call.input)).toEqual([]);
  });
});
