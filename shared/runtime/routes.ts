import {
  apiCallsPattern,
  containerInstanceStateChangesPattern,
  deploymentStateChangesPattern,
  remediateCustomActionPattern,
  remediationRequestsPattern,
  scheduledSweepPattern,
  serviceActionsPattern,
  sweepStepsPattern,
  taskStateChangesPattern,
  throttlesPattern,
} from "../../events/patterns.ts";

/**
 * The event routes, as plain data: EventBridge rules → one SQS queue (with a DLQ) → one function.
 * `stacks/` maps them onto SST and `ecs-guardrails replay` routes events with the same rules.
 */

export type RuleState = "ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

export interface EventRuleSpec {
  /** PascalCase, unique across routes. */
  readonly id: string;
  readonly description: string;
  /** The events the rule delivers; for a scheduled rule, the event its schedule sends (to route it, not deployed). */
  readonly pattern: Readonly<Record<string, unknown>>;
  /** An EventBridge schedule expression: the rule fires on it instead of matching events. */
  readonly schedule?: string;
  readonly state: RuleState;
}

/**
 * An IAM resource: `*`, the route's dead-letter queue, the remediation budget's table, or an ARN template whose `{partition}`,
 * `{region}` and `{account}` the stack fills in.
 */
export type PermissionResource =
  | "*"
  | "dead-letter-queue"
  | "remediation-budget-table"
  | "remediation-topic"
  | { readonly arn: string };

export interface PermissionSpec {
  readonly actions: readonly string[];
  readonly resources: readonly PermissionResource[];
  /** An IAM `Condition` block (operator → key → values) that narrows the grant, e.g. iam:PassedToService. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface RouteSpec {
  /** PascalCase; names the queue, its DLQ and the consumer function. */
  readonly id: string;
  /** `functions/<stem>.handler` */
  readonly handler: string;
  readonly rules: readonly EventRuleSpec[];
  /** Every AWS call the handler makes, and nothing more (SST adds the SQS consumer actions). */
  readonly permissions: readonly PermissionSpec[];
  readonly timeoutSeconds: number;
  readonly memoryMegabytes: number;
  readonly batchSize: number;
  readonly batchWindowSeconds: number;
  /** Caps concurrent invocations so Security Hub's ~10 BatchImportFindings calls a second hold. */
  readonly maximumConcurrency: number;
  /** Receives before a record moves to the DLQ. */
  readonly maxReceiveCount: number;
}

function ecsResources(resource: string): PermissionResource {
  return { arn: `arn:{partition}:ecs:{region}:{account}:${resource}` };
}

/** Every function that judges publishes its findings to the account's own Security Hub product. */
const PUBLISH_FINDINGS: PermissionSpec = {
  actions: ["securityhub:BatchImportFindings"],
  resources: [{ arn: "arn:{partition}:securityhub:{region}:{account}:product/{account}/default" }],
};

/** Every function sends the events it cannot read to its own dead-letter queue, with the reason. */
const SEND_TO_DEAD_LETTER_QUEUE: PermissionSpec = {
  actions: ["sqs:SendMessage"],
  resources: ["dead-letter-queue"],
};

/** Reading the task roles' policies, for task-role-least-privilege wherever task definitions are judged. */
const TASK_ROLE_READS: readonly PermissionSpec[] = [
  // The task roles' policies. These three authorize against the role.
  {
    actions: ["iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy"],
    resources: [{ arn: "arn:{partition}:iam::{account}:role/*" }],
  },
  // Managed policies attached to them: the account's own, and AWS managed ones (account "aws" in the ARN).
  {
    actions: ["iam:GetPolicy", "iam:GetPolicyVersion"],
    resources: [
      { arn: "arn:{partition}:iam::{account}:policy/*" },
      { arn: "arn:{partition}:iam::aws:policy/*" },
    ],
  },
];

export const apiCallsRoute: RouteSpec = {
  id: "ApiCalls",
  handler: "functions/api-calls.handler",
  rules: [
    {
      id: "EcsApiCalls",
      description:
        "ECS Guardrails: ECS API calls that create, change or delete task definitions, services, task sets, tasks, clusters, capacity providers and account settings",
      pattern: apiCallsPattern,
      state: "ENABLED",
    },
  ],
  permissions: [
    PUBLISH_FINDINGS,
    // DescribeTaskDefinition supports no resource-level permissions.
    { actions: ["ecs:DescribeTaskDefinition"], resources: ["*"] },
    { actions: ["ecs:DescribeServices"], resources: [ecsResources("service/*")] },
    { actions: ["ecs:DescribeTaskSets"], resources: [ecsResources("task-set/*")] },
    { actions: ["ecs:DescribeClusters"], resources: [ecsResources("cluster/*")] },
    { actions: ["ecs:DescribeCapacityProviders"], resources: [ecsResources("capacity-provider/*")] },
    ...TASK_ROLE_READS,
    SEND_TO_DEAD_LETTER_QUEUE,
  ],
  timeoutSeconds: 60,
  memoryMegabytes: 512,
  batchSize: 100,
  batchWindowSeconds: 5,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};

/** What ECS reports about services: deployments that fail or roll back, and services that cannot run their tasks. */
export const serviceEventsRoute: RouteSpec = {
  id: "ServiceEvents",
  handler: "functions/service-events.handler",
  rules: [
    {
      id: "DeploymentStateChanges",
      description: "ECS Guardrails: ECS service deployments that start, complete or fail",
      pattern: deploymentStateChangesPattern,
      state: "ENABLED",
    },
    {
      id: "ServiceActions",
      description:
        "ECS Guardrails: ECS services that cannot start, place or configure their tasks, are unhealthy or throttled, and their steady state",
      pattern: serviceActionsPattern,
      state: "ENABLED",
    },
  ],
  // The events say all the policies judge: nothing is read.
  permissions: [PUBLISH_FINDINGS, SEND_TO_DEAD_LETTER_QUEUE],
  timeoutSeconds: 30,
  memoryMegabytes: 256,
  batchSize: 100,
  batchWindowSeconds: 5,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};

/** Container instances as ECS reports them: registration, agent settings and version, deregistration. */
export const containerInstanceStateChangesRoute: RouteSpec = {
  id: "ContainerInstanceStateChanges",
  handler: "functions/container-instance-state-changes.handler",
  rules: [
    {
      id: "ContainerInstanceStateChanges",
      description:
        "ECS Guardrails: ECS container instances that register, change (agent, status, tasks placed) or deregister",
      pattern: containerInstanceStateChangesPattern,
      state: "ENABLED",
    },
  ],
  permissions: [
    PUBLISH_FINDINGS,
    // The instance's metadata options and public address. EC2's Describe actions support no resource-level permissions.
    { actions: ["ec2:DescribeInstances"], resources: ["*"] },
    // The tasks on an instance with a public address, and their network modes (no-container-instance-public-ip).
    { actions: ["ecs:ListTasks"], resources: [ecsResources("container-instance/*")] },
    { actions: ["ecs:DescribeTasks"], resources: [ecsResources("task/*")] },
    // DescribeTaskDefinition supports no resource-level permissions.
    { actions: ["ecs:DescribeTaskDefinition"], resources: ["*"] },
    SEND_TO_DEAD_LETTER_QUEUE,
  ],
  timeoutSeconds: 60,
  memoryMegabytes: 512,
  // Every task placed on or stopped from an instance sends its event again: a batch holds many of one instance.
  batchSize: 100,
  batchWindowSeconds: 5,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};

/**
 * Calls ECS makes on the user's behalf to EC2, Elastic Load Balancing and Cloud Map that are throttled. They come
 * in storms, so batches are large and counted together: one finding per API and region per batch.
 */
export const throttlesRoute: RouteSpec = {
  id: "Throttles",
  handler: "functions/throttles.handler",
  rules: [
    {
      id: "AsyncThrottles",
      description:
        "ECS Guardrails: calls ECS makes on your behalf to EC2, Elastic Load Balancing and Cloud Map that are throttled",
      pattern: throttlesPattern,
      // Most of these calls (DescribeTargetHealth, DescribeNetworkInterfaces, …) are read-only events.
      state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    },
  ],
  // The events say all the policy judges: nothing is read. The counts go out as EMF in the log, which needs no permission.
  permissions: [PUBLISH_FINDINGS, SEND_TO_DEAD_LETTER_QUEUE],
  timeoutSeconds: 60,
  memoryMegabytes: 512,
  // Lambda also caps a batch at 6 MB of records; 500 CloudTrail records are well below.
  batchSize: 500,
  batchWindowSeconds: 20,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};

/**
 * Tasks as ECS reports them running or stopped. They come in bursts of thousands a minute (every task of a
 * deployment or scale-out, twice), so batches are large: each batch judges each task's latest state once, reads
 * the network interfaces of up to 100 tasks a DescribeNetworkInterfaces call and each task definition revision
 * once, and publishes a revision's findings once however many of its tasks the batch holds. 500 events of about
 * 3 KB stay well under Lambda's 6 MB batch payload; the 10-second window lets a burst fill a batch while a
 * single task still waits seconds only. Two concurrent invocations share Security Hub's 10 calls a second.
 */
export const taskStateChangesRoute: RouteSpec = {
  id: "TaskStateChanges",
  handler: "functions/task-state-changes.handler",
  rules: [
    {
      id: "TaskStateChanges",
      description: "ECS Guardrails: ECS tasks that start running or stop",
      pattern: taskStateChangesPattern,
      state: "ENABLED",
    },
  ],
  permissions: [
    PUBLISH_FINDINGS,
    // Neither supports resource-level permissions.
    { actions: ["ec2:DescribeNetworkInterfaces"], resources: ["*"] },
    { actions: ["ecs:DescribeTaskDefinition"], resources: ["*"] },
    ...TASK_ROLE_READS,
    SEND_TO_DEAD_LETTER_QUEUE,
  ],
  timeoutSeconds: 120,
  memoryMegabytes: 512,
  batchSize: 500,
  batchWindowSeconds: 10,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};

/**
 * The inventory sweep: on its schedule, lists every cluster, service, task set, task definition revision in use,
 * container instance, capacity provider and account default; judges them like the events do (same finding ids),
 * and archives the findings of what no longer exists. Each invocation does one step and sends the next ones to the
 * default event bus, whose rule queues them here: no invocation holds the whole account. One step at a time per
 * invocation (batch size 1), each well within the 15 minutes Lambda allows.
 */
export const inventorySweepRoute: RouteSpec = {
  id: "InventorySweep",
  handler: "functions/inventory-sweep.handler",
  rules: [
    {
      id: "SweepSchedule",
      description: "ECS Guardrails: starts the inventory sweep that catches up on missed events",
      pattern: scheduledSweepPattern,
      schedule: "rate(1 day)",
      state: "ENABLED",
    },
    {
      id: "SweepSteps",
      description: "ECS Guardrails: the steps the inventory sweep leaves for its next invocations",
      pattern: sweepStepsPattern,
      state: "ENABLED",
    },
  ],
  permissions: [
    PUBLISH_FINDINGS,
    // The guardrail's own findings, to archive those of resources that no longer exist. GetFindings authorizes against the hub.
    {
      actions: ["securityhub:GetFindings"],
      resources: [{ arn: "arn:{partition}:securityhub:{region}:{account}:hub/default" }],
    },
    // The steps the sweep leaves for its next invocations.
    {
      actions: ["events:PutEvents"],
      resources: [{ arn: "arn:{partition}:events:{region}:{account}:event-bus/default" }],
    },
    // Listings and account settings support no resource-level permissions; DescribeCapacityProviders lists every provider.
    {
      actions: [
        "ecs:ListClusters",
        "ecs:ListServices",
        "ecs:ListTaskDefinitions",
        "ecs:ListAccountSettings",
        "ecs:DescribeCapacityProviders",
        "ecs:DescribeTaskDefinition",
      ],
      resources: ["*"],
    },
    {
      actions: ["ecs:DescribeClusters", "ecs:ListContainerInstances"],
      resources: [ecsResources("cluster/*")],
    },
    { actions: ["ecs:DescribeServices"], resources: [ecsResources("service/*")] },
    {
      actions: ["ecs:ListTasks", "ecs:DescribeContainerInstances"],
      resources: [ecsResources("container-instance/*")],
    },
    { actions: ["ecs:DescribeTasks"], resources: [ecsResources("task/*")] },
    // The EC2 instances behind container instances. EC2's Describe actions support no resource-level permissions.
    { actions: ["ec2:DescribeInstances"], resources: ["*"] },
    ...TASK_ROLE_READS,
    SEND_TO_DEAD_LETTER_QUEUE,
  ],
  timeoutSeconds: 900,
  memoryMegabytes: 1024,
  batchSize: 1,
  batchWindowSeconds: 0,
  // SQS event sources allow no fewer than 2.
  maximumConcurrency: 2,
  maxReceiveCount: 3,
};

/**
 * Remediation: the requests the event routes send once a FAILED finding is published (modes notify, dry-run and
 * auto), and the Security Hub custom action a person chooses on a finding (mode manual, and the others). The
 * function reads the resource again, judges it, decides by the policy's mode, the budget and the loop guard, and
 * records what it did on the finding. Its permissions here are those every stage needs; the stack adds those of
 * the actions a policy's mode in the stage can take, and only those.
 */
export const remediationRoute: RouteSpec = {
  id: "Remediation",
  handler: "functions/remediation.handler",
  rules: [
    {
      id: "RemediationRequests",
      description: "ECS Guardrails: repairs the event routes ask for once a FAILED finding is published",
      pattern: remediationRequestsPattern,
      state: "ENABLED",
    },
    {
      id: "RemediateCustomAction",
      description:
        "ECS Guardrails: a person chose the custom action 'Remediate with ECS Guardrails' on findings",
      pattern: remediateCustomActionPattern,
      state: "ENABLED",
    },
  ],
  permissions: [
    // The audit: a note, the workflow status and user-defined fields on the finding. Authorized against the hub.
    {
      actions: ["securityhub:BatchUpdateFindings"],
      resources: [{ arn: "arn:{partition}:securityhub:{region}:{account}:hub/default" }],
    },
    // The resource, read again before anything is decided. DescribeTaskDefinition and EC2's Describe actions support
    // no resource-level permissions.
    {
      actions: ["ecs:DescribeTaskDefinition", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces"],
      resources: ["*"],
    },
    { actions: ["ecs:DescribeServices"], resources: [ecsResources("service/*")] },
    { actions: ["ecs:DescribeTaskSets"], resources: [ecsResources("task-set/*")] },
    { actions: ["ecs:DescribeClusters"], resources: [ecsResources("cluster/*")] },
    { actions: ["ecs:DescribeCapacityProviders"], resources: [ecsResources("capacity-provider/*")] },
    { actions: ["ecs:DescribeTasks"], resources: [ecsResources("task/*")] },
    // The container instance registered for an EC2 instance: its cluster is found by asking each one.
    { actions: ["ecs:ListClusters"], resources: ["*"] },
    { actions: ["ecs:ListContainerInstances"], resources: [ecsResources("cluster/*")] },
    { actions: ["ecs:DescribeContainerInstances"], resources: [ecsResources("container-instance/*")] },
    // The budget: one conditional update of the window's counter per action.
    { actions: ["dynamodb:UpdateItem"], resources: ["remediation-budget-table"] },
    // What was done, announced to the people who subscribed to the stage's topic.
    { actions: ["sns:Publish"], resources: ["remediation-topic"] },
    SEND_TO_DEAD_LETTER_QUEUE,
  ],
  timeoutSeconds: 120,
  memoryMegabytes: 512,
  batchSize: 10,
  batchWindowSeconds: 1,
  maximumConcurrency: 2,
  maxReceiveCount: 3,
};

export const routes: readonly RouteSpec[] = [
  apiCallsRoute,
  serviceEventsRoute,
  containerInstanceStateChangesRoute,
  throttlesRoute,
  taskStateChangesRoute,
  inventorySweepRoute,
  remediationRoute,
];
