import type { PermissionStatement, RolePermissions, RolePolicy } from "../../shared/iam/role-permissions.ts";
import { type Resolvable, unresolved } from "../../shared/model/resolvable.ts";
import taskRoleLeastPrivilege from "../../shared/policies/task-role-least-privilege.ts";
import { intrinsic, taskDefinition } from "../helpers/builders.ts";
import { type CaseLookups, policyTester } from "../helpers/policy-tester.ts";
import { sampleTaskDefinition } from "../helpers/samples.ts";
import { fromSamples } from "../helpers/shared-data.ts";

const ROLE = "arn:aws:iam::123456789012:role/web-task";
const ADMINISTRATOR = "arn:aws:iam::aws:policy/AdministratorAccess";
const S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const ORDERS_TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
const web = taskDefinition({ taskRoleArn: ROLE });

function allow(
  action: string | string[],
  resource: string | string[],
  more: Partial<PermissionStatement> = {},
) {
  return {
    effect: "Allow",
    action: [action].flat(),
    resource: [resource].flat(),
    hasCondition: false,
    ...more,
  } satisfies PermissionStatement;
}

function inline(name: string, ...statements: Resolvable<PermissionStatement>[]): RolePolicy {
  return { kind: "inline", name, statements };
}

/** The lookups of a case: the web task role has these policies and managed policy ARNs. */
function roleWith(policies: RolePolicy[], managedPolicyArns: string[] = []): CaseLookups {
  const permissions: RolePermissions = {
    managedPolicyArns: [
      ...managedPolicyArns,
      ...policies.flatMap((p) => (p.kind === "managed" ? [p.name] : [])),
    ],
    policies,
  };
  return { rolePermissions: { [ROLE]: permissions } };
}

const APP = 'inline policy "app"';
const FIRST = "Statement[0]";
const EVERY_RESOURCE = 'every resource ("*")';

policyTester.run(taskRoleLeastPrivilege, {
  valid: [
    {
      name: "actions on the application's own resources",
      resource: web,
      lookups: roleWith([inline("app", allow(["dynamodb:GetItem", "dynamodb:PutItem"], ORDERS_TABLE))]),
    },
    { name: "a role without policies", resource: web, lookups: roleWith([]) },
    {
      name: 'a service wildcard on one resource: "s3:*" on a bucket',
      resource: web,
      lookups: roleWith([inline("app", allow("s3:*", ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*"]))]),
    },
    {
      name: 'a partial wildcard on every resource: "s3:Get*"',
      resource: web,
      lookups: roleWith([
        { kind: "managed", name: S3_READ, statements: [allow(["s3:Get*", "s3:List*"], "*")] },
      ]),
    },
    {
      name: "a wildcard limited by a condition",
      resource: web,
      lookups: roleWith([inline("app", allow("*", "*", { hasCondition: true }))]),
    },
    {
      name: "a Deny of everything",
      resource: web,
      lookups: roleWith([inline("guard", allow("*", "*", { effect: "Deny" }))]),
    },
    {
      name: "a service the team accepts, in any case",
      resource: web,
      parameters: { allowedWildcardServices: ["Logs"] },
      lookups: roleWith([inline("app", allow("logs:*", "*"))]),
    },
    {
      name: "an unknown effect does not matter when the statement grants no wildcard",
      resource: web,
      lookups: roleWith([inline("app", allow("sqs:SendMessage", "*", { effect: intrinsic("/Effect") }))]),
    },
  ],
  invalid: [
    {
      name: "AdministratorAccess",
      resource: web,
      lookups: roleWith([], [S3_READ, ADMINISTRATOR]),
      violations: [
        { messageId: "administrativePolicy", path: "/taskRoleArn", data: { policy: ADMINISTRATOR } },
      ],
    },
    {
      name: "PowerUserAccess in the China partition, reported once though its document was read",
      resource: web,
      lookups: roleWith([
        {
          kind: "managed",
          name: "arn:aws-cn:iam::aws:policy/PowerUserAccess",
          statements: [allow("*", "*", { action: undefined, notAction: ["iam:*", "organizations:*"] })],
        },
      ]),
      violations: [{ messageId: "administrativePolicy", path: "/taskRoleArn" }],
    },
    {
      name: "IAMFullAccess",
      resource: web,
      lookups: roleWith([], ["arn:aws:iam::aws:policy/IAMFullAccess"]),
      violations: [{ messageId: "administrativePolicy", path: "/taskRoleArn" }],
    },
    {
      name: '"*" on "*"',
      resource: web,
      lookups: roleWith([inline("app", allow("*", "*", { sid: "Everything" }))]),
      violations: [
        {
          messageId: "wildcardStatement",
          path: "/taskRoleArn",
          data: {
            policy: APP,
            statement: 'Statement[0] (Sid "Everything")',
            actions: '"*"',
            resources: EVERY_RESOURCE,
          },
        },
      ],
    },
    {
      name: '"*:*" and service wildcards in any case, but not the accepted one',
      resource: web,
      parameters: { allowedWildcardServices: ["logs"] },
      lookups: roleWith([
        inline("app", allow(["logs:*", "IAM:*", "s3:GetObject", "*:*"], ["arn:aws:s3:::a", "*"])),
      ]),
      violations: [
        {
          messageId: "wildcardStatement",
          path: "/taskRoleArn",
          data: { policy: APP, statement: FIRST, actions: '"IAM:*", "*:*"', resources: EVERY_RESOURCE },
        },
      ],
    },
    {
      name: "NotAction allows every other action",
      resource: web,
      lookups: roleWith([
        {
          kind: "managed",
          name: "arn:aws:iam::123456789012:policy/almost-admin",
          statements: [allow("*", "*", { action: undefined, notAction: ["iam:*"] })],
        },
      ]),
      violations: [
        {
          messageId: "wildcardStatement",
          path: "/taskRoleArn",
          data: {
            policy: "managed policy arn:aws:iam::123456789012:policy/almost-admin",
            statement: FIRST,
            actions: "every action except those in NotAction",
            resources: EVERY_RESOURCE,
          },
        },
      ],
    },
    {
      name: "NotResource allows every other resource",
      resource: web,
      lookups: roleWith([
        inline("app", allow("s3:*", "*", { resource: undefined, notResource: ["arn:aws:s3:::logs"] })),
      ]),
      violations: [
        {
          messageId: "wildcardStatement",
          path: "/taskRoleArn",
          data: {
            policy: APP,
            statement: FIRST,
            actions: '"s3:*"',
            resources: "every resource except those in NotResource",
          },
        },
      ],
    },
    {
      name: "a wildcard fails even where other statements cannot be judged",
      resource: web,
      lookups: roleWith([
        inline("app", intrinsic("/Statement/0"), allow("dynamodb:*", "*")),
        { kind: "managed", name: S3_READ, statements: unresolved("not read offline", "") },
      ]),
      violations: [
        { messageId: "statementUnknown", outcome: "unknown", path: "/taskRoleArn" },
        {
          messageId: "wildcardStatement",
          path: "/taskRoleArn",
          data: {
            policy: APP,
            statement: "Statement[1]",
            actions: '"dynamodb:*"',
            resources: EVERY_RESOURCE,
          },
        },
        { messageId: "policyUnknown", outcome: "unknown", path: "/taskRoleArn" },
      ],
    },
  ],
  unknown: [
    {
      name: "offline: IAM is not read",
      resource: web,
      observations: [
        {
          messageId: "permissionsUnknown",
          path: "/taskRoleArn",
          data: { reason: "IAM is not read offline" },
        },
      ],
    },
    {
      name: "task role from an unresolved intrinsic",
      resource: taskDefinition({ taskRoleArn: intrinsic("/taskRoleArn") }),
      observations: [
        {
          messageId: "permissionsUnknown",
          path: "/taskRoleArn",
          data: { reason: "Fn::If on condition IsProd cannot be resolved offline" },
        },
      ],
    },
    {
      name: "a role of another account",
      resource: web,
      lookups: { rolePermissions: { [ROLE]: unresolved("the role belongs to account 210987654321", "") } },
      observations: [{ messageId: "permissionsUnknown", path: "/taskRoleArn" }],
    },
    {
      name: "a role that does not exist",
      resource: web,
      lookups: { rolePermissions: { [ROLE]: null } },
      observations: [{ messageId: "roleNotFound", path: "/taskRoleArn", data: { role: ROLE } }],
    },
    {
      name: "a managed policy whose document is unknown",
      resource: web,
      lookups: roleWith([
        {
          kind: "managed",
          name: S3_READ,
          statements: unresolved("the documents of managed policies are not read offline", ""),
        },
      ]),
      observations: [
        {
          messageId: "policyUnknown",
          path: "/taskRoleArn",
          data: {
            policy: `managed policy ${S3_READ}`,
            reason: "the documents of managed policies are not read offline",
          },
        },
      ],
    },
    {
      name: "a wildcard action on a resource the scanner cannot resolve",
      resource: web,
      lookups: roleWith([
        inline("app", allow("s3:*", [ORDERS_TABLE], { resource: [intrinsic("/Resource")] })),
      ]),
      observations: [
        {
          messageId: "statementUnknown",
          path: "/taskRoleArn",
          data: {
            policy: APP,
            statement: FIRST,
            reason: "Fn::If on condition IsProd cannot be resolved offline",
          },
        },
      ],
    },
    {
      name: "a condition the scanner cannot resolve",
      resource: web,
      lookups: roleWith([inline("app", allow("*", "*", { hasCondition: intrinsic("/Condition") }))]),
      observations: [{ messageId: "statementUnknown", path: "/taskRoleArn" }],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Datadog FireLens example: its task role is not read offline (real sample)",
        resource: sampleTaskDefinition("aws-samples__amazon-ecs-firelens-examples__datadog"),
        observations: [{ messageId: "permissionsUnknown" as const, path: "/taskRoleArn" }],
      },
    ]),
  ],
  notApplicable: [
    { name: "no task role", resource: taskDefinition(), messageId: "noTaskRole" },
    { name: "a blank task role", resource: taskDefinition({ taskRoleArn: " " }), messageId: "noTaskRole" },
  ],
});
