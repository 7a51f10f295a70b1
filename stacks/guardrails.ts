import { CUSTOM_ACTION } from "../events/schemas/remediation.ts";
import {
  EMPTY_CONFIG,
  type LogRetention,
  type GuardrailsConfig as PolicyConfig,
  parseConfig,
  stageDeployment,
} from "../shared/engine/config.ts";
import { policies } from "../shared/policies/index.ts";
import { BUDGET_TABLE } from "../shared/remediation/budget.ts";
import { remediationPermissions } from "../shared/remediation/permissions.ts";
import { requestsRemediation } from "../shared/runtime/remediation-requests.ts";
import type {
  EventRuleSpec,
  PermissionResource,
  PermissionSpec,
  RouteSpec,
} from "../shared/runtime/routes.ts";
import { routes } from "../shared/runtime/routes.ts";

/** Where the stage is deployed, resolved once in `sst.config.ts`, plus what differs between stages. */
export interface GuardrailsConfig {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** The stage's default; the config file's `logRetention` (the stage's own, or the top-level one) wins. */
  readonly logRetention: LogRetention;
  /** The validated config file, compacted, for every function; undefined when there is none. */
  readonly guardrailsConfig: string | undefined;
}

/** The stage as deployed: where, and what its config file chose for it. */
interface Stage extends GuardrailsConfig {
  /** The inventory sweep's schedule, where the config file sets one; the route's own otherwise. */
  readonly sweepSchedule: string | undefined;
}

const DAY_SECONDS = 24 * 60 * 60;
const QUEUE_RETENTION_SECONDS = 4 * DAY_SECONDS;
// Longer than the source queue's: a redriven message keeps its original enqueue time.
const DEAD_LETTER_RETENTION_SECONDS = 14 * DAY_SECONDS;
// AWS's advice for SQS event sources: room for Lambda to retry a throttled batch before it reappears.
const VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT = 6;
// EventBridge's maximum: delivery to SQS fails only while the queue or its policy is broken, so keep
// trying; what still fails goes to the dead-letter queue and raises its alarm.
const TARGET_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: DAY_SECONDS };
const RULE_NAME_MAX_LENGTH = 64;

/** What the routes share: the remediation's budget table and custom action, and the stage's remediation grants. */
interface Remediation {
  readonly budgetTable: aws.dynamodb.Table;
  readonly customAction: aws.securityhub.ActionTarget;
  /** Where the remediation announces what it did; people subscribe to it (mail, chat) as they wish. */
  readonly topic: aws.sns.Topic;
  /** The actions' permissions the stage's modes can use; none where every mode is off, notify or dry-run. */
  readonly actionPermissions: readonly PermissionSpec[];
  /** Whether a mode asks the event routes to send remediation requests (notify, dry-run, auto). */
  readonly requests: boolean;
}

export function Guardrails(config: GuardrailsConfig) {
  const policyConfig: PolicyConfig =
    config.guardrailsConfig === undefined
      ? EMPTY_CONFIG
      : parseConfig(JSON.parse(config.guardrailsConfig), policies, "GUARDRAILS_CONFIG");
  const deployment = stageDeployment(policyConfig, $app.stage);
  const stage: Stage = {
    ...config,
    logRetention: deployment.logRetention ?? config.logRetention,
    sweepSchedule: deployment.sweepSchedule,
  };
  const remediation = RemediationResources(policyConfig);
  const deployed = routes.map((route) => RouteResources(route, stage, remediation));
  return {
    queueUrls: Object.fromEntries(deployed.map(({ id, queue }) => [id, queue.url])),
    deadLetterQueueUrls: Object.fromEntries(
      deployed.map(({ id, deadLetterQueue }) => [id, deadLetterQueue.url]),
    ),
  };
}

function RemediationResources(policyConfig: PolicyConfig): Remediation {
  // One counter a window, gone a day after it (Time to Live); on demand, since it is written once an action.
  const budgetTable = new aws.dynamodb.Table("RemediationBudget", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: BUDGET_TABLE.partitionKey,
    attributes: [{ name: BUDGET_TABLE.partitionKey, type: "S" }],
    ttl: { attributeName: BUDGET_TABLE.timeToLiveAttribute, enabled: true },
    serverSideEncryption: { enabled: true },
  });
  // Action ids are unique per account and region: each stage has its own, and its rule listens to it alone.
  const customAction = new aws.securityhub.ActionTarget("RemediateAction", {
    name: CUSTOM_ACTION.name,
    identifier: `${CUSTOM_ACTION.id}${$app.stage.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 20),
    description: CUSTOM_ACTION.description,
  });
  // Encrypted with the AWS managed key for SNS, which its publishers need no grant for.
  const topic = new aws.sns.Topic("RemediationAudit", { kmsMasterKeyId: "alias/aws/sns" });
  return {
    budgetTable,
    customAction,
    topic,
    actionPermissions: remediationPermissions(policies, policyConfig, $app.stage).map(
      ({ actions, resources, conditions }) => ({
        actions,
        resources,
        ...(conditions === undefined ? {} : { conditions }),
      }),
    ),
    requests: requestsRemediation(policies, policyConfig, $app.stage),
  };
}

/** The permissions a route's function gets in this stage: its own, and what the stage's remediation adds to it. */
function stagePermissions(route: RouteSpec, remediation: Remediation): readonly PermissionSpec[] {
  if (route.id === "Remediation") return [...route.permissions, ...remediation.actionPermissions];
  const sendsItself = route.permissions.some((permission) => permission.actions.includes("events:PutEvents"));
  if (!remediation.requests || sendsItself) return route.permissions;
  return [...route.permissions, REMEDIATION_REQUESTS];
}

/** Sending remediation requests to the default bus, whose rule queues them for the remediation function. */
const REMEDIATION_REQUESTS: PermissionSpec = {
  actions: ["events:PutEvents"],
  resources: [{ arn: "arn:{partition}:events:{region}:{account}:event-bus/default" }],
};

function RouteResources(route: RouteSpec, config: Stage, remediation: Remediation) {
  // SSE-SQS needs no key policy, so EventBridge can send without a KMS grant.
  const deadLetterQueue = new sst.aws.Queue(`${route.id}DeadLetter`, {
    transform: {
      queue: { sqsManagedSseEnabled: true, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS },
    },
  });
  const queue = new sst.aws.Queue(route.id, {
    visibilityTimeout: `${VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT * route.timeoutSeconds} seconds`,
    dlq: { queue: deadLetterQueue.arn, retry: route.maxReceiveCount },
    transform: { queue: { sqsManagedSseEnabled: true, messageRetentionSeconds: QUEUE_RETENTION_SECONDS } },
  });

  const rules = route.rules.map((rule) =>
    RuleTargetingQueue(
      // The custom action's events name the action's ARN: the stage listens to its own action alone.
      rule.id === "RemediateCustomAction"
        ? $jsonStringify({ ...rule.pattern, resources: [remediation.customAction.arn] })
        : JSON.stringify(rule.pattern),
      rule.schedule === undefined ? rule : { ...rule, schedule: config.sweepSchedule ?? rule.schedule },
      queue,
      deadLetterQueue,
    ),
  );
  // A queue holds one policy, so each policy names every rule that sends to its queue.
  QueuePolicyForRules(`${route.id}QueuePolicy`, queue, rules);
  QueuePolicyForRules(`${route.id}DeadLetterQueuePolicy`, deadLetterQueue, rules);
  DeadLetterAlarm(route, deadLetterQueue);

  queue.subscribe(
    {
      handler: route.handler,
      runtime: "nodejs24.x",
      architecture: "arm64",
      memory: `${route.memoryMegabytes} MB`,
      timeout: `${route.timeoutSeconds} seconds`,
      // SST bundles unminified unless asked, whatever its doc comment says.
      nodejs: { minify: true },
      logging: { retention: config.logRetention },
      environment: {
        DEAD_LETTER_QUEUE_URL: deadLetterQueue.url,
        POWERTOOLS_SERVICE_NAME: "ecs-guardrails",
        POWERTOOLS_LOG_LEVEL: "INFO",
        GUARDRAILS_STAGE: $app.stage,
        ...(config.guardrailsConfig === undefined ? {} : { GUARDRAILS_CONFIG: config.guardrailsConfig }),
        ...(route.id === "Remediation"
          ? {
              REMEDIATION_BUDGET_TABLE: remediation.budgetTable.name,
              GUARDRAILS_ACCOUNT: config.account,
              REMEDIATION_TOPIC_ARN: remediation.topic.arn,
            }
          : {}),
      },
      permissions: stagePermissions(route, remediation).map((permission) =>
        resolvePermission(
          permission,
          { deadLetterQueue, budgetTable: remediation.budgetTable, topic: remediation.topic },
          config,
        ),
      ),
      transform: {
        // The loop guard knows the remediation's own role: changes it made are never repaired again.
        ...(route.id === "Remediation"
          ? {
              function: (args: aws.lambda.FunctionArgs) => {
                args.environment = $resolve({ environment: args.environment, role: args.role }).apply(
                  ({ environment, role }) => ({
                    variables: { ...environment?.variables, GUARDRAIL_ROLE_ARNS: role },
                  }),
                );
              },
            }
          : {}),
        role: (args) => {
          // SST means to trust only Lambda outside `sst dev`, but tests an Output for it, so its roles
          // always trust the account root too. `sst dev` needs that trust to run functions locally.
          if (!$dev) {
            args.assumeRolePolicy = aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" });
          }
        },
      },
    },
    {
      batch: { size: route.batchSize, window: `${route.batchWindowSeconds} seconds`, partialResponses: true },
      // The mapping's cap, not reserved concurrency: the mapping ignores the latter and would be throttled.
      transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: route.maximumConcurrency } } },
    },
  );

  return { id: route.id, queue, deadLetterQueue };
}

function RuleTargetingQueue(
  eventPattern: $util.Input<string>,
  spec: EventRuleSpec,
  queue: sst.aws.Queue,
  deadLetterQueue: sst.aws.Queue,
) {
  const rule = new aws.cloudwatch.EventRule(`${spec.id}Rule`, {
    name: ruleName(spec.id),
    description: spec.description,
    eventBusName: "default",
    // A scheduled rule fires on its schedule alone; its pattern only routes the event it sends.
    ...(spec.schedule === undefined ? { eventPattern } : { scheduleExpression: spec.schedule }),
    state: spec.state,
  });
  // The queue policy authorises delivery; a target role would be a second, competing mechanism.
  new aws.cloudwatch.EventTarget(`${spec.id}Target`, {
    eventBusName: "default",
    rule: rule.name,
    arn: queue.arn,
    retryPolicy: TARGET_RETRY_POLICY,
    deadLetterConfig: { arn: deadLetterQueue.arn },
  });
  return rule;
}

// Raw resources get no app/stage prefix from SST, and stages share the account's default bus.
function ruleName(ruleId: string) {
  const name = `${$app.name}-${$app.stage}-${ruleId}`;
  if (name.length > RULE_NAME_MAX_LENGTH) {
    throw new Error(`EventBridge rule name "${name}" is longer than ${RULE_NAME_MAX_LENGTH} characters`);
  }
  return name;
}

function QueuePolicyForRules(name: string, queue: sst.aws.Queue, rules: readonly aws.cloudwatch.EventRule[]) {
  new aws.sqs.QueuePolicy(name, {
    queueUrl: queue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeRules",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": rules.map((rule) => rule.arn) } },
        },
      ],
    }),
  });
}

function DeadLetterAlarm(route: RouteSpec, deadLetterQueue: sst.aws.Queue) {
  new aws.cloudwatch.MetricAlarm(`${route.id}DeadLetterAlarm`, {
    name: `${$app.name}-${$app.stage}-${route.id}-dead-letters`,
    alarmDescription: `ECS Guardrails: events of route ${route.id} reached its dead-letter queue unprocessed`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: deadLetterQueue.nodes.queue.name },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    // SQS stops publishing metrics for a queue that stays empty, which is the healthy case.
    treatMissingData: "notBreaching",
  });
}

/** The resources a route's permissions may name besides ARN templates. */
interface GrantedResources {
  readonly deadLetterQueue: sst.aws.Queue;
  readonly budgetTable: aws.dynamodb.Table;
  readonly topic: aws.sns.Topic;
}

function resolvePermission(
  permission: PermissionSpec,
  granted: GrantedResources,
  config: GuardrailsConfig,
): sst.aws.FunctionPermissionArgs {
  return {
    actions: [...permission.actions],
    resources: permission.resources.map((resource) => resolveResource(resource, granted, config)),
    // IAM's Condition block, as SST takes it: one entry per operator and key.
    ...(permission.conditions === undefined
      ? {}
      : {
          conditions: Object.entries(permission.conditions).flatMap(([test, keys]) =>
            Object.entries(keys).map(([variable, values]) => ({
              test,
              variable,
              values: (typeof values === "string" ? [values] : [...values]).map((value) =>
                fillPlaceholders(value, config),
              ),
            })),
          ),
        }),
  };
}

function resolveResource(resource: PermissionResource, granted: GrantedResources, config: GuardrailsConfig) {
  if (resource === "*") return "*";
  if (resource === "dead-letter-queue") return granted.deadLetterQueue.arn;
  if (resource === "remediation-budget-table") return granted.budgetTable.arn;
  if (resource === "remediation-topic") return granted.topic.arn;
  return fillPlaceholders(resource.arn, config);
}

/** An ARN template with its `{partition}`, `{region}` and `{account}` filled in for the deployment. */
function fillPlaceholders(template: string, config: GuardrailsConfig): string {
  const values: Readonly<Record<string, string>> = {
    partition: config.partition,
    region: config.region,
    account: config.account,
  };
  return template.replace(/\{(\w+)\}/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined)
      throw new Error(`Unknown placeholder ${placeholder} in ARN template ${template}`);
    return value;
  });
}
