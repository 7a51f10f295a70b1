import { apiCallsPattern } from "../../events/patterns.ts";

/**
 * The event routes, as plain data: EventBridge rules → one SQS queue (with a DLQ) → one function.
 * `stacks/` maps them onto SST and `ecs-guardrails replay` routes events with the same rules.
 */

export type RuleState = "ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

export interface EventRuleSpec {
  /** PascalCase, unique across routes. */
  readonly id: string;
  readonly description: string;
  readonly pattern: Readonly<Record<string, unknown>>;
  readonly state: RuleState;
}

/**
 * An IAM resource: `*`, the route's dead-letter queue, or an ARN template whose `{partition}`,
 * `{region}` and `{account}` the stack fills in.
 */
export type PermissionResource = "*" | "dead-letter-queue" | { readonly arn: string };

export interface PermissionSpec {
  readonly actions: readonly string[];
  readonly resources: readonly PermissionResource[];
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

export const apiCallsRoute: RouteSpec = {
  id: "ApiCalls",
  handler: "functions/api-calls.handler",
  rules: [
    {
      id: "EcsApiCalls",
      description:
        "ECS Guardrails: ECS API calls that create or change task definitions, services, task sets, tasks, clusters and capacity providers",
      pattern: apiCallsPattern,
      state: "ENABLED",
    },
  ],
  permissions: [
    {
      actions: ["securityhub:BatchImportFindings"],
      resources: [{ arn: "arn:{partition}:securityhub:{region}:{account}:product/{account}/default" }],
    },
    // DescribeTaskDefinition supports no resource-level permissions.
    { actions: ["ecs:DescribeTaskDefinition"], resources: ["*"] },
    { actions: ["ecs:DescribeServices"], resources: [ecsResources("service/*")] },
    { actions: ["ecs:DescribeTaskSets"], resources: [ecsResources("task-set/*")] },
    { actions: ["ecs:DescribeClusters"], resources: [ecsResources("cluster/*")] },
    { actions: ["ecs:DescribeCapacityProviders"], resources: [ecsResources("capacity-provider/*")] },
    // The task roles' policies (task-role-least-privilege). These three authorize against the role.
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
    { actions: ["sqs:SendMessage"], resources: ["dead-letter-queue"] },
  ],
  timeoutSeconds: 60,
  memoryMegabytes: 512,
  batchSize: 100,
  batchWindowSeconds: 5,
  maximumConcurrency: 2,
  maxReceiveCount: 5,
};

export const routes: readonly RouteSpec[] = [apiCallsRoute];
