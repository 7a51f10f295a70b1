import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  ListClustersCommand,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  type TaskDefinition,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { taskDefinitionFromApi } from "../../../shared/model/task-definition.ts";
import { planFor } from "../../../shared/remediation/actions/action.ts";
import registerFixedRevision from "../../../shared/remediation/actions/register-fixed-revision.ts";
import { NON_ROOT_USER } from "../../../shared/remediation/task-definition-fixes.ts";
import { modelsAvailable, validateRequest } from "../../helpers/aws-model.ts";
import { fromSamples, readSharedJson } from "../../helpers/shared-data.ts";
import {
  type ActionCase,
  awsError,
  CLUSTER,
  clients,
  contextOf,
  describeAction,
  ecs,
  expectValidEcsRequests,
  PREFIX,
  planOf,
} from "./harness.ts";

const EXECUTION_ROLE = "arn:aws:iam::123456789012:role/web-task-execution";
const TAGS = [{ key: "team", value: "payments" }];
const revisionArn = (family: string, revision: number) => `${PREFIX}:task-definition/${family}:${revision}`;
const OLD = revisionArn("web", 12);
const FIXED = revisionArn("web", 13);
const WEB = `${PREFIX}:service/prod/web`;
const BLUE_GREEN = `${PREFIX}:service/prod/web-blue-green`;

/** A revision as DescribeTaskDefinition returns it, its container running as `user`. */
function revision(number: number, user: string, family = "web"): TaskDefinition {
  return {
    taskDefinitionArn: revisionArn(family, number),
    family,
    revision: number,
    status: "ACTIVE",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: EXECUTION_ROLE,
    containerDefinitions: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27", essential: true, user }],
    compatibilities: ["EC2", "FARGATE"],
    registeredAt: new Date("2026-11-20T08:00:00Z"),
  };
}

const described = (taskDefinition: TaskDefinition) => ({ taskDefinition, tags: TAGS });
const resourceOf = (taskDefinition: TaskDefinition) =>
  taskDefinitionFromApi({ ...taskDefinition, tags: TAGS });

/** The registration that fixes `web:12`: every field kept, the user changed, the tags kept. */
const REGISTRATION = {
  family: "web",
  networkMode: "awsvpc",
  requiresCompatibilities: ["FARGATE"],
  cpu: "256",
  memory: "512",
  executionRoleArn: EXECUTION_ROLE,
  containerDefinitions: [
    { name: "app", image: "public.ecr.aws/nginx/nginx:1.27", essential: true, user: NON_ROOT_USER },
  ],
  tags: TAGS,
};

interface Service {
  readonly serviceArn: string;
  readonly taskDefinition: string;
  readonly controller?: "ECS" | "CODE_DEPLOY";
}

/** One cluster with the given services; UpdateService moves a service to the revision it names. */
function installServices(services: readonly Service[]) {
  return () => {
    const running = new Map(services.map((service) => [service.serviceArn, service]));
    ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [...running.keys()] });
    ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: input.services.flatMap((arn) => {
        const service = running.get(arn);
        if (service === undefined) return [];
        return [
          {
            serviceArn: arn,
            clusterArn: CLUSTER,
            status: "ACTIVE",
            taskDefinition: service.taskDefinition,
            deploymentController: { type: service.controller ?? "ECS" },
          },
        ];
      }),
      failures: [],
    }));
    ecs.on(UpdateServiceCommand).callsFake((input: { service: string; taskDefinition: string }) => {
      const service = running.get(input.service);
      if (service !== undefined)
        running.set(input.service, { ...service, taskDefinition: input.taskDefinition });
      return {};
    });
  };
}

const SERVICES: readonly Service[] = [
  { serviceArn: WEB, taskDefinition: OLD },
  { serviceArn: BLUE_GREEN, taskDefinition: OLD, controller: "CODE_DEPLOY" },
];

/** The revision the family's latest is once the fix is registered. */
const fixedRevision = (): TaskDefinition => ({ ...revision(13, NON_ROOT_USER) });

const testCase: ActionCase = {
  action: registerFixedRevision,
  policyId: "no-root-user",
  broken: resourceOf(revision(12, "root")),
  passing: resourceOf(revision(12, "1000")),
  expected: { service: "ecs", operation: "RegisterTaskDefinition", input: REGISTRATION },
  rebuild: {
    from: {
      service: "ecs",
      operation: "DescribeTaskDefinition",
      input: { taskDefinition: OLD, include: ["TAGS"] },
    },
    policyId: "no-root-user",
    reason: expect.stringContaining("apply describes the revision again"),
  },
  client: "ecs",
  check: DescribeTaskDefinitionCommand,
  change: RegisterTaskDefinitionCommand,
  changeAnswer: { taskDefinition: fixedRevision() },
  // The old revision never changes; the family's latest is it until the fix is registered.
  before: described(revision(12, "root")),
  after: described(revision(12, "root")),
  answer: (input: { taskDefinition?: unknown }, changed: boolean) =>
    described(changed && input.taskDefinition !== OLD ? fixedRevision() : revision(12, "root")),
  install: installServices(SERVICES),
  operations: {
    changed: [
      "DescribeTaskDefinition",
      "DescribeTaskDefinition",
      "RegisterTaskDefinition",
      "ListClusters",
      "ListServices",
      "DescribeServices",
      "UpdateService",
    ],
    again: [
      "DescribeTaskDefinition",
      "DescribeTaskDefinition",
      "ListClusters",
      "ListServices",
      "DescribeServices",
    ],
  },
  gone: (mock) => mock.on(DescribeTaskDefinitionCommand).rejects(awsError("ClientException")),
};

describeAction(testCase);

describe("register-fixed-revision", () => {
  it("rolls only the services on the old revision, for revision numbers above 9", async () => {
    const old = revisionArn("web", 10);
    ecs.on(DescribeTaskDefinitionCommand).resolves(described(revision(10, "root")));
    ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: revision(11, NON_ROOT_USER) });
    installServices([
      { serviceArn: `${PREFIX}:service/prod/one`, taskDefinition: revisionArn("web", 1) },
      { serviceArn: `${PREFIX}:service/prod/ten`, taskDefinition: old },
      { serviceArn: `${PREFIX}:service/prod/hundred`, taskDefinition: revisionArn("web", 100) },
    ])();
    const resource = resourceOf(revision(10, "root"));
    const plan = planFor(registerFixedRevision, resource, contextOf(testCase, resource));
    expect(plan.kind).toBe("plan");
    if (plan.kind !== "plan") return;

    const outcome = await testCase.action.apply(plan, clients);

    expect(outcome.kind).toBe("changed");
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1);
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, {
      cluster: CLUSTER,
      service: `${PREFIX}:service/prod/ten`,
      taskDefinition: revisionArn("web", 11),
    });
    // The services on web:1 and web:100 are not the old revision's: not even reported as left alone.
    expect(outcome.notes).toBeUndefined();
    expectValidEcsRequests();
  });

  it("leaves services on CodeDeploy on the old revision, and says so", async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves(described(revision(12, "root")));
    ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: fixedRevision() });
    installServices(SERVICES)();

    const outcome = await registerFixedRevision.apply(planOf(testCase), clients);

    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1);
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { service: WEB, taskDefinition: FIXED });
    expect(outcome.notes).toEqual([
      expect.stringMatching(/^.*web-blue-green left on the old revision: .*CodeDeploy/),
    ]);
  });

  it("registers once: a retry after a failed rollout finds the fix registered and finishes the rollout", async () => {
    let latest = revision(12, "root");
    ecs
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: DescribeTaskDefinitionCommandInput) =>
        described(input.taskDefinition === OLD ? revision(12, "root") : latest),
      );
    ecs.on(RegisterTaskDefinitionCommand).callsFake(() => {
      latest = fixedRevision();
      return { taskDefinition: latest };
    });
    installServices(SERVICES)();
    ecs.on(UpdateServiceCommand).rejectsOnce(awsError("ThrottlingException")).resolves({});

    await expect(registerFixedRevision.apply(planOf(testCase), clients)).rejects.toThrow(
      "ThrottlingException",
    );
    const retry = await registerFixedRevision.apply(planOf(testCase), clients);

    expect(retry.kind).toBe("changed");
    expect(retry.notes).toContain(`${FIXED} already holds the fix: not registered again`);
    expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 1);
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 2);
  });

  it("registers nothing when a newer revision was registered after the finding's, and says which", async () => {
    const newer = { ...revision(14, "root"), cpu: "512" };
    ecs
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: DescribeTaskDefinitionCommandInput) =>
        described(input.taskDefinition === OLD ? revision(12, "root") : newer),
      );
    installServices(SERVICES)();

    const outcome = await registerFixedRevision.apply(planOf(testCase), clients);

    expect(outcome.kind).toBe("precluded");
    expect(outcome.notes).toEqual([
      expect.stringContaining(`${revisionArn("web", 14)} was registered after ${OLD}`),
    ]);
    expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 0);
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 0);
  });

  it("leaves a service the role may not update on the old revision, and says so", async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves(described(revision(12, "root")));
    ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: fixedRevision() });
    installServices([{ serviceArn: WEB, taskDefinition: OLD }])();
    ecs.on(UpdateServiceCommand).rejects(awsError("AccessDeniedException"));

    const outcome = await registerFixedRevision.apply(planOf(testCase), clients);

    expect(outcome.kind).toBe("changed");
    expect(outcome.notes).toEqual([
      expect.stringContaining(`${WEB} left on the old revision: the role may not update it`),
    ]);
  });

  it("counts an INACTIVE revision as gone", async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves(described({ ...revision(12, "root"), status: "INACTIVE" }));
    expect((await registerFixedRevision.apply(planOf(testCase), clients)).kind).toBe("gone");
    expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 0);
  });

  it("plans nothing, and says why, where the fix would have to guess", () => {
    const { executionRoleArn: _role, ...withoutRole } = revision(12, "1000");
    const resource = resourceOf({
      ...withoutRole,
      containerDefinitions: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27" }],
    });
    const context = { policyId: "container-logging-configured", violations: ["no log driver"] };
    expect(planFor(registerFixedRevision, resource, context)).toEqual({
      kind: "precluded",
      reason: expect.stringContaining(
        "container-logging-configured (app): awslogs needs a task execution role",
      ),
    });
  });

  it.each(
    fromSamples("the real task definition sample", () => [
      "awsdocs__amazon-ecs-developer-guide__using_awslogs-L115.json",
    ]),
  )("keeps every field and tag of the real sample %s but the fixed ones", async (file) => {
    const sample = readSharedJson(`taskdefs/${file}`) as Record<string, unknown> & {
      family: string;
      containerDefinitions: Record<string, unknown>[];
    };
    const registered: TaskDefinition = {
      ...sample,
      taskDefinitionArn: revisionArn(sample.family, 27),
      revision: 27,
      status: "ACTIVE",
      registeredAt: new Date("2026-11-20T08:00:00Z"),
      registeredBy: "arn:aws:sts::123456789012:assumed-role/deployer/ci",
    };
    const tags = [...TAGS, { key: "aws:cloudformation:stack-name", value: "web" }];
    ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: registered, tags });
    ecs.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: { taskDefinitionArn: revisionArn(sample.family, 28) },
    });
    installServices([])();
    const resource = taskDefinitionFromApi({ ...registered, tags });
    const plan = planFor(registerFixedRevision, resource, contextOf(testCase, resource));
    expect(plan.kind).toBe("plan");
    if (plan.kind !== "plan") return;
    if (modelsAvailable())
      expect(validateRequest("ecs", "RegisterTaskDefinition", plan.call.input)).toEqual([]);

    const outcome = await testCase.action.apply(plan, clients);

    // The plan could show the fixed user; apply sent the whole revision (links, port mappings, …), the user fixed.
    const expected = {
      ...sample,
      containerDefinitions: sample.containerDefinitions.map((container) => ({
        ...container,
        user: NON_ROOT_USER,
      })),
      tags: TAGS,
    };
    expect(ecs).toHaveReceivedCommandWith(RegisterTaskDefinitionCommand, expected);
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)[0]?.args[0].input).toEqual(expected);
    expect(outcome.calls).toContainEqual({
      service: "ecs",
      operation: "RegisterTaskDefinition",
      input: expected,
    });
    expectValidEcsRequests();
  });
});
