/**
 * What `sst deploy` would create, from a mock synthesis of the real sst.config.ts (see synth.ts). Every
 * resource is accounted for, and each route's pieces are found by following the references a deployment
 * follows (rule → target → queue → redrive → dead-letter queue; queue → event source mapping → function →
 * role), starting from the route specs, so the tests hold for every route the specs add.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CUSTOM_ACTION } from "../../events/schemas/remediation.ts";
import { BUDGET_TABLE } from "../../shared/remediation/budget.ts";
import type { PermissionResource, RouteSpec } from "../../shared/runtime/routes.ts";
import { routes } from "../../shared/runtime/routes.ts";
import type { RegisteredResource, Synthesis } from "./synth.ts";
import { MOCK_ACCOUNT, MOCK_PARTITION, MOCK_REGION, mockArn, mockQueueUrl, synthesize } from "./synth.ts";

const TYPE = {
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  eventSourceMapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  function: "aws:lambda/function:Function",
  role: "aws:iam/role:Role",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  bucketObject: "aws:s3/bucketObjectv2:BucketObjectv2",
  table: "aws:dynamodb/table:Table",
  actionTarget: "aws:securityhub/actionTarget:ActionTarget",
  topic: "aws:sns/topic:Topic",
} as const;

interface RuleInputs {
  name: string;
  description: string;
  eventBusName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: string;
  isEnabled?: boolean;
}
interface TargetInputs {
  rule: string;
  arn: string;
  eventBusName: string;
  roleArn?: string;
  retryPolicy?: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
  deadLetterConfig?: { arn: string };
}
interface QueueInputs {
  name: string;
  sqsManagedSseEnabled?: boolean;
  kmsMasterKeyId?: string;
  messageRetentionSeconds: number;
  visibilityTimeoutSeconds: number;
  fifoQueue: boolean;
  redrivePolicy?: string;
}
interface QueuePolicyInputs {
  queueUrl: string;
  policy: string;
}
interface EventSourceMappingInputs {
  eventSourceArn: string;
  functionName: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  scalingConfig?: { maximumConcurrency: number };
  filterCriteria?: unknown;
  enabled?: boolean;
}
interface FunctionInputs {
  name: string;
  runtime: string;
  architectures: string[];
  memorySize: number;
  timeout: number;
  role: string;
  environment: { variables: Record<string, string> };
  loggingConfig: { logGroup: string };
  reservedConcurrentExecutions?: number;
}
interface PolicyStatement {
  actions: string[];
  resources: string[];
  effect?: string;
}
interface RoleInputs {
  assumeRolePolicy: string | { Statement: TrustStatement[] };
  inlinePolicies: { name: string; policy: string }[];
  managedPolicyArns: string[];
}
interface TrustStatement {
  Effect: string;
  Action: string;
  Principal: unknown;
  Condition?: unknown;
}
interface AlarmInputs {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  comparisonOperator: string;
  threshold: number;
  evaluationPeriods: number;
  treatMissingData: string;
}

const inputs = <Inputs>(resource: RegisteredResource) => resource.inputs as unknown as Inputs;

const SQS_CONSUMER_ACTIONS = [
  "sqs:ChangeMessageVisibility",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ReceiveMessage",
];
const LOG_RETENTION_DAYS: Record<string, number> = { test: 30, production: 365 };

/** Resource types per route and per rule, plus SST's one-per-app encryption key and Pulumi's stack. */
function expectedResourceTypeCounts(): Record<string, number> {
  const perRoute: Record<string, number> = {
    "sst:aws:Queue": 2,
    "sst:sst:LinkRef": 2,
    [TYPE.queue]: 2,
    [TYPE.queuePolicy]: 2,
    [TYPE.alarm]: 1,
    "sst:aws:QueueLambdaSubscriber": 1,
    "sst:aws:Function": 1,
    [TYPE.function]: 1,
    [TYPE.eventSourceMapping]: 1,
    [TYPE.role]: 1,
    [TYPE.logGroup]: 1,
    [TYPE.bucketObject]: 2, // code zip + source map
  };
  const counts: Record<string, number> = {
    "pulumi:pulumi:Stack": 1,
    "random:index/randomBytes:RandomBytes": 1,
    // The remediation's budget table and custom action, one each per stage.
    [TYPE.table]: 1,
    [TYPE.actionTarget]: 1,
    [TYPE.topic]: 1,
  };
  const add = (type: string, count: number) => {
    counts[type] = (counts[type] ?? 0) + count;
  };
  for (const route of routes) {
    for (const [type, count] of Object.entries(perRoute)) add(type, count);
    add(TYPE.rule, route.rules.length);
    add(TYPE.target, route.rules.length);
  }
  return counts;
}

function countByType(resources: readonly RegisteredResource[]) {
  const counts: Record<string, number> = {};
  for (const { type } of resources) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** The route's resources, reached through the references between them. */
function deployedRoute(synthesis: Synthesis, route: RouteSpec) {
  const { app, resources } = synthesis;
  const ofType = (type: string) => resources.filter((resource) => resource.type === type);
  const single = (type: string, matches: (resource: RegisteredResource) => boolean) => {
    const found = ofType(type).filter(matches);
    expect(found, `exactly one ${type}`).toHaveLength(1);
    return found[0] as RegisteredResource;
  };
  const arnOf = (resource: RegisteredResource) =>
    mockArn(resource.type, inputs<{ name: string }>(resource).name);

  const rules = route.rules.map((spec) => {
    const rule = single(
      TYPE.rule,
      (r) => inputs<RuleInputs>(r).name === `${app.name}-${app.stage}-${spec.id}`,
    );
    const ruleName = inputs<RuleInputs>(rule).name;
    const target = single(TYPE.target, (t) => inputs<TargetInputs>(t).rule === ruleName);
    return { spec, rule: inputs<RuleInputs>(rule), arn: arnOf(rule), target: inputs<TargetInputs>(target) };
  });
  const queueArn = rules[0]?.target.arn;
  const queue = single(TYPE.queue, (q) => arnOf(q) === queueArn);
  const redrive = JSON.parse(inputs<QueueInputs>(queue).redrivePolicy ?? "null");
  const deadLetterQueue = single(TYPE.queue, (q) => arnOf(q) === redrive?.deadLetterTargetArn);
  const eventSourceMapping = single(
    TYPE.eventSourceMapping,
    (m) => inputs<EventSourceMappingInputs>(m).eventSourceArn === queueArn,
  );
  const fn = single(
    TYPE.function,
    (f) => arnOf(f) === inputs<EventSourceMappingInputs>(eventSourceMapping).functionName,
  );
  const role = single(TYPE.role, (r) => arnOf(r) === inputs<FunctionInputs>(fn).role);
  const logGroup = single(
    TYPE.logGroup,
    (g) => inputs<{ name: string }>(g).name === inputs<FunctionInputs>(fn).loggingConfig.logGroup,
  );
  const deadLetterQueueName = inputs<QueueInputs>(deadLetterQueue).name;
  const alarm = single(
    TYPE.alarm,
    (a) => inputs<AlarmInputs>(a).dimensions.QueueName === deadLetterQueueName,
  );
  const builds = synthesis.builds.filter((build) => build.handler === route.handler);
  expect(builds, `one build of ${route.handler}`).toHaveLength(1);

  return {
    rules,
    queue: {
      ...inputs<QueueInputs>(queue),
      arn: arnOf(queue),
      url: mockQueueUrl(inputs<QueueInputs>(queue).name),
    },
    redrive,
    deadLetterQueue: {
      ...inputs<QueueInputs>(deadLetterQueue),
      arn: arnOf(deadLetterQueue),
      url: mockQueueUrl(deadLetterQueueName),
    },
    queuePolicies: ofType(TYPE.queuePolicy).map((policy) => inputs<QueuePolicyInputs>(policy)),
    eventSourceMapping: inputs<EventSourceMappingInputs>(eventSourceMapping),
    fn: inputs<FunctionInputs>(fn),
    build: builds[0],
    role: { ...inputs<RoleInputs>(role), arn: arnOf(role) },
    /** The statements of the role's inline policy. */
    statements: (): PolicyStatement[] =>
      JSON.parse((inputs<RoleInputs>(role).inlinePolicies[0] as { policy: string }).policy).Statement,
    logGroup: inputs<{ retentionInDays: number }>(logGroup),
    alarm: inputs<AlarmInputs>(alarm),
  };
}

/** The stage's remediation resources: its budget table and its custom action. */
function remediationResources({ resources }: Synthesis) {
  const one = (type: string) => {
    const found = resources.filter((resource) => resource.type === type);
    expect(found, type).toHaveLength(1);
    const resource = found[0] as RegisteredResource;
    const name = inputs<{ name?: string }>(resource).name ?? resource.name;
    return { ...resource.inputs, name, arn: mockArn(type, name) } as Record<string, unknown> & {
      name: string;
      arn: string;
    };
  };
  return { table: one(TYPE.table), actionTarget: one(TYPE.actionTarget), topic: one(TYPE.topic) };
}

/** A permission resource as deployed to the mock account and region. */
function resolvedResource(
  resource: PermissionResource,
  deadLetterQueueArn: string,
  remediation: () => ReturnType<typeof remediationResources>,
) {
  if (resource === "*") return "*";
  if (resource === "dead-letter-queue") return deadLetterQueueArn;
  if (resource === "remediation-budget-table") return remediation().table.arn;
  if (resource === "remediation-topic") return remediation().topic.arn;
  return resource.arn
    .replaceAll("{partition}", MOCK_PARTITION)
    .replaceAll("{region}", MOCK_REGION)
    .replaceAll("{account}", MOCK_ACCOUNT);
}

function eventBridgeSendPolicy(queueArn: string, ruleArns: string[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgeRules",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
      },
    ],
  };
}

const synthesized: Record<string, Synthesis> = {};

beforeAll(async () => {
  const [test, production] = await Promise.all([synthesize("test"), synthesize("production")]);
  synthesized.test = test;
  synthesized.production = production;
});

describe.each(["test", "production"])("stage %s", (stage) => {
  const synthesis = () => synthesized[stage] as Synthesis;

  it("creates exactly the expected resources, nothing else", () => {
    expect(countByType(synthesis().resources)).toEqual(expectedResourceTypeCounts());
  });

  it("retains and protects production only", () => {
    const production = stage === "production";
    expect(synthesis().app).toMatchObject({ removal: production ? "retain" : "remove", protect: production });
    expect(synthesis().outputs._protect).toBe(production);
  });

  it("gives every route its own queue, dead-letter queue and function", () => {
    const deployed = routes.map((route) => deployedRoute(synthesis(), route));
    const distinct = (values: string[]) => new Set(values).size;
    expect(distinct(deployed.map((route) => route.queue.arn))).toBe(routes.length);
    expect(distinct(deployed.map((route) => route.deadLetterQueue.arn))).toBe(routes.length);
    expect(distinct(deployed.map((route) => route.fn.name))).toBe(routes.length);
  });

  it("has exactly one policy per queue", () => {
    const policyQueueUrls = synthesis()
      .resources.filter((resource) => resource.type === TYPE.queuePolicy)
      .map((policy) => inputs<QueuePolicyInputs>(policy).queueUrl);
    const queueUrls = synthesis()
      .resources.filter((resource) => resource.type === TYPE.queue)
      .map((queue) => mockQueueUrl(inputs<QueueInputs>(queue).name));
    expect(policyQueueUrls.toSorted()).toEqual(queueUrls.toSorted());
  });

  describe("remediation", () => {
    it("counts actions in an on-demand table whose counters expire, encrypted", () => {
      expect(remediationResources(synthesis()).table).toMatchObject({
        billingMode: "PAY_PER_REQUEST",
        hashKey: BUDGET_TABLE.partitionKey,
        attributes: [{ name: BUDGET_TABLE.partitionKey, type: "S" }],
        ttl: { attributeName: BUDGET_TABLE.timeToLiveAttribute, enabled: true },
        serverSideEncryption: { enabled: true },
      });
    });

    it("announces on a topic encrypted with SNS's own key, which publishers need no grant for", () => {
      expect(remediationResources(synthesis()).topic).toMatchObject({ kmsMasterKeyId: "alias/aws/sns" });
    });

    it("creates the stage's own custom action, as Security Hub's limits allow", () => {
      const { actionTarget } = remediationResources(synthesis());
      expect(actionTarget).toMatchObject({
        name: CUSTOM_ACTION.name,
        description: CUSTOM_ACTION.description,
      });
      expect(CUSTOM_ACTION.name.length).toBeLessThanOrEqual(20);
      expect(actionTarget.identifier).toMatch(/^[A-Za-z0-9]{1,20}$/);
      expect(actionTarget.identifier).toContain(stage.replace(/[^A-Za-z0-9]/g, "").slice(0, 4));
    });

    it("holds no permission that changes an ECS, EC2 or IAM resource while every mode is off", () => {
      const changing = routes.flatMap((route) =>
        deployedRoute(synthesis(), route)
          .statements()
          .flatMap((statement) => statement.actions)
          .filter(
            (action) => /^(ecs|ec2|iam):/.test(action) && !/^[a-z0-9]+:(Describe|List|Get)/.test(action),
          ),
      );
      expect(changing).toEqual([]);
    });
  });

  describe.each(routes)("route $id", (route) => {
    const deployed = () => deployedRoute(synthesis(), route);

    it("puts each rule on the default bus with the spec's name, state and pattern", () => {
      for (const { spec, rule } of deployed().rules) {
        expect(rule.name).toBe(`${synthesis().app.name}-${stage}-${spec.id}`);
        expect(rule.name.length).toBeLessThanOrEqual(64);
        expect(rule.eventBusName).toBe("default");
        expect(rule.state).toBe(spec.state);
        expect(rule.isEnabled).toBeUndefined();
        expect(rule.description).toBe(spec.description);
        if (spec.id === "RemediateCustomAction") {
          // The stage listens to its own custom action alone.
          expect(JSON.parse(rule.eventPattern ?? "")).toEqual({
            ...spec.pattern,
            resources: [remediationResources(synthesis()).actionTarget.arn],
          });
        } else if (spec.schedule === undefined) {
          expect(JSON.parse(rule.eventPattern ?? "")).toEqual(spec.pattern);
          expect(rule.eventPattern?.length).toBeLessThanOrEqual(2048);
          expect(rule.scheduleExpression).toBeUndefined();
        } else {
          // A scheduled rule fires on its schedule alone: a pattern would make it match events as well.
          expect(rule.scheduleExpression).toBe(spec.schedule);
          expect(rule.eventPattern).toBeUndefined();
        }
      }
    });

    it("targets the route's queue from every rule, authorised by the queue policy, not a role", () => {
      const { rules, queue, deadLetterQueue } = deployed();
      for (const { target } of rules) {
        expect(target.arn).toBe(queue.arn);
        expect(target.eventBusName).toBe("default");
        expect(target.roleArn).toBeUndefined();
        expect(target.retryPolicy?.maximumRetryAttempts).toBeGreaterThan(0);
        expect(target.retryPolicy?.maximumRetryAttempts).toBeLessThanOrEqual(185);
        expect(target.retryPolicy?.maximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
        expect(target.retryPolicy?.maximumEventAgeInSeconds).toBeLessThanOrEqual(86_400);
        expect(target.deadLetterConfig).toEqual({ arn: deadLetterQueue.arn });
      }
    });

    it("lets exactly the route's rules send to its queue and dead-letter queue", () => {
      const { rules, queue, deadLetterQueue, queuePolicies } = deployed();
      const ruleArns = rules.map((rule) => rule.arn);
      for (const target of [queue, deadLetterQueue]) {
        const policies = queuePolicies.filter((policy) => policy.queueUrl === target.url);
        expect(policies).toHaveLength(1);
        expect(JSON.parse((policies[0] as QueuePolicyInputs).policy)).toEqual(
          eventBridgeSendPolicy(target.arn, ruleArns),
        );
      }
    });

    it("encrypts both queues and redrives to the dead-letter queue, which keeps messages longer", () => {
      const { queue, redrive, deadLetterQueue } = deployed();
      for (const q of [queue, deadLetterQueue]) {
        expect(q.sqsManagedSseEnabled).toBe(true);
        expect(q.kmsMasterKeyId).toBeUndefined();
        expect(q.fifoQueue).toBe(false);
        expect(q.messageRetentionSeconds).toBeLessThanOrEqual(14 * 24 * 3600);
      }
      expect(redrive).toEqual({
        deadLetterTargetArn: deadLetterQueue.arn,
        maxReceiveCount: route.maxReceiveCount,
      });
      expect(deadLetterQueue.redrivePolicy).toBeUndefined();
      expect(deadLetterQueue.messageRetentionSeconds).toBeGreaterThan(queue.messageRetentionSeconds);
    });

    it("hides a batch for at least six function timeouts", () => {
      const { queue, fn } = deployed();
      expect(fn.timeout).toBe(route.timeoutSeconds);
      expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * route.timeoutSeconds);
      expect(queue.visibilityTimeoutSeconds).toBeLessThanOrEqual(12 * 3600);
    });

    it("feeds the function batches with partial failures and capped concurrency", () => {
      const { eventSourceMapping: mapping } = deployed();
      expect(mapping.batchSize).toBe(route.batchSize);
      expect(mapping.maximumBatchingWindowInSeconds).toBe(route.batchWindowSeconds);
      expect(mapping.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
      expect(mapping.scalingConfig).toEqual({ maximumConcurrency: route.maximumConcurrency });
      expect(mapping.filterCriteria).toBeUndefined();
      expect(mapping.enabled).not.toBe(false);
      // Limits AWS enforces only at deploy time.
      expect(mapping.batchSize).toBeGreaterThanOrEqual(1);
      expect(mapping.batchSize).toBeLessThanOrEqual(
        mapping.maximumBatchingWindowInSeconds >= 1 ? 10_000 : 10,
      );
      expect(mapping.maximumBatchingWindowInSeconds).toBeLessThanOrEqual(300);
      expect(route.maximumConcurrency).toBeGreaterThanOrEqual(2);
      expect(route.maximumConcurrency).toBeLessThanOrEqual(1000);
    });

    it("runs the handler minified on Node.js 24, arm64, with the spec's memory and the stage's log retention", () => {
      const { fn, build, logGroup } = deployed();
      expect(fn.runtime).toBe("nodejs24.x");
      expect(fn.architectures).toEqual(["arm64"]);
      expect(fn.memorySize).toBe(route.memoryMegabytes);
      expect(fn.reservedConcurrentExecutions).toBeUndefined();
      expect(build).toMatchObject({
        runtime: "nodejs24.x",
        properties: { minify: true, architecture: "arm64" },
      });
      expect(logGroup.retentionInDays).toBe(LOG_RETENTION_DAYS[stage]);
    });

    it("passes the dead-letter queue URL, the stage and Powertools settings, and no other variables of ours", () => {
      const { fn, deadLetterQueue, role } = deployed();
      const ours = Object.fromEntries(
        Object.entries(fn.environment.variables).filter(([name]) => !name.startsWith("SST_")),
      );
      expect(ours).toEqual({
        DEAD_LETTER_QUEUE_URL: deadLetterQueue.url,
        POWERTOOLS_SERVICE_NAME: "ecs-guardrails",
        POWERTOOLS_LOG_LEVEL: "INFO",
        GUARDRAILS_STAGE: stage,
        // The remediation's budget table, the account it counts for, and its own role for the loop guard.
        ...(route.id === "Remediation"
          ? {
              REMEDIATION_BUDGET_TABLE: remediationResources(synthesis()).table.name,
              GUARDRAILS_ACCOUNT: MOCK_ACCOUNT,
              REMEDIATION_TOPIC_ARN: remediationResources(synthesis()).topic.arn,
              GUARDRAIL_ROLE_ARNS: role.arn,
            }
          : {}),
      });
    });

    it("lets only Lambda assume the role", () => {
      const { assumeRolePolicy } = deployed().role;
      const trust = typeof assumeRolePolicy === "string" ? JSON.parse(assumeRolePolicy) : assumeRolePolicy;
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0]).toMatchObject({
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Service: "lambda.amazonaws.com" },
      });
      expect(trust.Statement[0].Condition).toBeUndefined();
    });

    it("grants SST's queue-consumer statement plus the route's permissions, nothing else", () => {
      const { role, queue, deadLetterQueue } = deployed();
      expect(role.managedPolicyArns).toEqual([
        `arn:${MOCK_PARTITION}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
      ]);
      expect(role.inlinePolicies).toHaveLength(1);
      const statements: PolicyStatement[] = JSON.parse(
        (role.inlinePolicies[0] as { policy: string }).policy,
      ).Statement;
      expect(statements).toEqual([
        { effect: "Allow", actions: SQS_CONSUMER_ACTIONS, resources: [queue.arn] },
        ...route.permissions.map((permission) => ({
          effect: "Allow",
          actions: [...permission.actions],
          resources: permission.resources.map((resource) =>
            resolvedResource(resource, deadLetterQueue.arn, () => remediationResources(synthesis())),
          ),
        })),
      ]);
      for (const action of statements.flatMap((statement) => statement.actions)) {
        expect(action).not.toContain("*");
      }
      for (const resource of statements.flatMap((statement) => statement.resources)) {
        expect(resource).not.toMatch(/[{}]/);
      }
    });

    it("alarms as soon as a message reaches the dead-letter queue", () => {
      expect(deployed().alarm).toMatchObject({
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
      });
    });

    it("outputs the queue URLs", () => {
      const { queue, deadLetterQueue } = deployed();
      expect(synthesis().outputs).toMatchObject({
        queueUrls: { [route.id]: queue.url },
        deadLetterQueueUrls: { [route.id]: deadLetterQueue.url },
      });
    });
  });
});
