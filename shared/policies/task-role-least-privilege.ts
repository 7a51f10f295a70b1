import * as z from "zod/mini";
import type { PermissionStatement, RolePolicy } from "../iam/role-permissions.ts";
import { isUnresolved, type Resolvable, type Unresolved } from "../model/resolvable.ts";
import { definePolicy, notApplicable, type Observation, unknown, violation } from "./define-policy.ts";

/** AWS managed policies that make a task role an administrator, or able to make itself one. */
const ADMINISTRATIVE_MANAGED_POLICIES: ReadonlySet<string> = new Set([
  "AdministratorAccess",
  "PowerUserAccess",
  "IAMFullAccess",
]);

const ROLE = "/taskRoleArn";

type MessageId =
  | "noTaskRole"
  | "permissionsUnknown"
  | "roleNotFound"
  | "administrativePolicy"
  | "wildcardStatement"
  | "policyUnknown"
  | "statementUnknown";

export default definePolicy({
  id: "task-role-least-privilege",
  title: "ECS task roles grant no administrator or wildcard permissions",
  severity: "HIGH",
  resource: "TaskDefinition",
  controls: [],
  practice: "H1: Follow least privilege in task roles: no administrator or service-wide wildcard permissions",
  rationale:
    "Every process in the task's containers can use the task role's credentials, and so can anyone who takes " +
    "one over through a vulnerable dependency or an exposed endpoint. A role with AdministratorAccess, or with " +
    'an Allow of "*" or "service:*" on every resource, turns such a foothold into control of the account or of ' +
    "every resource of that service: reading all data, deleting it, or creating new credentials.",
  deviations:
    "The catalog rates AdministratorAccess and `*:*` CRITICAL and other wildcards HIGH; one policy has one " +
    "severity, so it is HIGH. Only identity-based policies are read: permissions boundaries, SCPs and Deny " +
    "statements that may narrow an Allow are not weighed, and a statement with a Condition is accepted. An Allow " +
    "with NotAction, or with NotResource, counts as a wildcard (it allows everything but a list). A role that " +
    "does not exist (or that IAM does not show yet, just after it was created) is UNKNOWN: it grants nothing " +
    "now, and tasks that name it cannot start, but whatever role is later created with that name decides what " +
    "they may do. Offline (scan, replay) IAM is not read: the role's policies are known only when the scanned " +
    "CloudFormation template defines the role (`!GetAtt Role.Arn` or `!Ref Role`): its Policies, and the " +
    "policy resources of the template attached to it. Managed policies outside the template are unknown " +
    "offline, except AdministratorAccess, PowerUserAccess and IAMFullAccess, recognized by their ARN.",
  messages: {
    noTaskRole: "the task definition sets no taskRoleArn, so its tasks have no role to judge",
    permissionsUnknown: "the task role's permissions cannot be read: {{reason}}",
    roleNotFound:
      "the task role {{role}} does not exist (or IAM does not show it yet), so whoever creates a role of " +
      "that name decides what the tasks may do",
    administrativePolicy: "the task role has the AWS managed policy {{policy}}",
    wildcardStatement: "{{policy}} {{statement}} allows {{actions}} on {{resources}} without a condition",
    policyUnknown: "{{policy}} cannot be judged: {{reason}}",
    statementUnknown: "{{policy}} {{statement}} cannot be judged: {{reason}}",
  } satisfies Record<MessageId, string>,
  remediation: {
    recommendation:
      "Replace wildcard and administrator permissions in the task role with the actions the application calls, " +
      "on the resources it uses (IAM Access Analyzer can generate a policy from CloudTrail activity), and " +
      "attach no AdministratorAccess, PowerUserAccess or IAMFullAccess.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
    fixable: false,
  },
  parameters: {
    allowedWildcardServices: {
      description:
        'Service prefixes whose "service:*" on every resource the team accepts in task roles (for example ' +
        '`logs`). `"*"` and NotAction are never accepted.',
      schema: z.array(z.string().check(z.regex(/^[A-Za-z0-9-]+$/, "expected an IAM service prefix"))),
      default: [],
    },
  },
  needs: ["rolePermissions"],
  evaluate: ({ taskRoleArn }, { parameters: { allowedWildcardServices }, lookups }) => {
    if (taskRoleArn === undefined || (typeof taskRoleArn === "string" && taskRoleArn.trim() === "")) {
      return [notApplicable<MessageId>("noTaskRole")];
    }
    const permissions = lookups.rolePermissions(taskRoleArn);
    if (isUnresolved(permissions)) {
      return [unknown<MessageId>("permissionsUnknown", ROLE, { reason: permissions.unresolved })];
    }
    if (permissions === undefined) {
      const role = typeof taskRoleArn === "string" ? taskRoleArn : (taskRoleArn.reference?.logicalId ?? "");
      return [unknown<MessageId>("roleNotFound", ROLE, { role })];
    }
    const allowed = new Set(allowedWildcardServices.map((service) => service.toLowerCase()));
    const administrative = permissions.managedPolicyArns.filter(isAdministrativePolicy);
    return [
      ...administrative.map((policy) => violation<MessageId>("administrativePolicy", ROLE, { policy })),
      ...permissions.policies
        // Reported by name already; its statements would only repeat it.
        .filter((policy) => !(policy.kind === "managed" && isAdministrativePolicy(policy.name)))
        .flatMap((policy) => judgePolicy(policy, allowed)),
    ];
  },
});

/** `arn:<partition>:iam::aws:policy/AdministratorAccess` and the other two, in any partition. */
function isAdministrativePolicy(policyArn: string): boolean {
  const match = /^arn:[^:]+:iam::aws:policy\/([^/]+)$/.exec(policyArn);
  return match?.[1] !== undefined && ADMINISTRATIVE_MANAGED_POLICIES.has(match[1]);
}

function judgePolicy(policy: RolePolicy, allowed: ReadonlySet<string>): Observation<MessageId>[] {
  const label = policy.kind === "inline" ? `inline policy "${policy.name}"` : `managed policy ${policy.name}`;
  if (isUnresolved(policy.statements)) {
    return [unknown("policyUnknown", ROLE, { policy: label, reason: policy.statements.unresolved })];
  }
  return policy.statements.flatMap((statement, index) => {
    const where = { policy: label, statement: statementLabel(statement, index) };
    if (isUnresolved(statement)) {
      return [unknown<MessageId>("statementUnknown", ROLE, { ...where, reason: statement.unresolved })];
    }
    const grant = wildcardGrant(statement, allowed);
    if (grant.kind === "unknown") {
      return [unknown<MessageId>("statementUnknown", ROLE, { ...where, reason: grant.reason })];
    }
    if (grant.kind === "wildcard") {
      const { actions, resources } = grant;
      return [violation<MessageId>("wildcardStatement", ROLE, { ...where, actions, resources })];
    }
    return [];
  });
}

/** `Statement[2] (Sid "Admin")`: the position always, since Sids are optional and need not be unique. */
function statementLabel(statement: Resolvable<PermissionStatement>, index: number): string {
  const sid = isUnresolved(statement) || statement.sid === undefined ? "" : ` (Sid "${statement.sid}")`;
  return `Statement[${index}]${sid}`;
}

type Grant =
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "wildcard"; readonly actions: string; readonly resources: string };

type Part<Found> = { readonly kind: "no" } | { readonly kind: "maybe"; readonly reason: string } | Found;

/**
 * Whether an unconditional Allow grants "*" or "service:*" on every resource. Any part that rules it out
 * decides; otherwise a part the scanner could not resolve leaves it unknown.
 */
function wildcardGrant(statement: PermissionStatement, allowed: ReadonlySet<string>): Grant {
  const parts = [
    allowEffect(statement.effect),
    noCondition(statement.hasCondition),
    wildcardActions(statement, allowed),
    everyResource(statement),
  ] as const;
  if (parts.some((part) => part.kind === "no")) return { kind: "none" };
  const undecided = parts.find((part) => part.kind === "maybe");
  if (undecided !== undefined) return { kind: "unknown", reason: undecided.reason };
  const [, , actions, resources] = parts;
  if (actions.kind !== "yes" || resources.kind !== "yes") return { kind: "none" };
  return { kind: "wildcard", actions: actions.described, resources: resources.described };
}

type Yes = { readonly kind: "yes"; readonly described: string };

function allowEffect(effect: Resolvable<string>): Part<{ readonly kind: "yes" }> {
  if (isUnresolved(effect)) return maybe(effect);
  return effect === "Allow" ? { kind: "yes" } : { kind: "no" };
}

function noCondition(hasCondition: Resolvable<boolean>): Part<{ readonly kind: "yes" }> {
  if (isUnresolved(hasCondition)) return maybe(hasCondition);
  return hasCondition ? { kind: "no" } : { kind: "yes" };
}

function wildcardActions(statement: PermissionStatement, allowed: ReadonlySet<string>): Part<Yes> {
  // NotAction allows every action but the listed ones: at least every other service, whatever the list says.
  if (statement.notAction !== undefined) {
    return { kind: "yes", described: "every action except those in NotAction" };
  }
  const actions = statement.action ?? [];
  const wildcards = actions.filter(
    (action): action is string => typeof action === "string" && isWildcardAction(action, allowed),
  );
  if (wildcards.length > 0) return { kind: "yes", described: wildcards.map(quoted).join(", ") };
  const unresolvedAction = actions.find(isUnresolved);
  return unresolvedAction === undefined ? { kind: "no" } : maybe(unresolvedAction);
}

/** `*`, `*:*` or `service:*` for a service the team has not accepted; IAM matches action names case-insensitively. */
function isWildcardAction(action: string, allowed: ReadonlySet<string>): boolean {
  const normalized = action.trim().toLowerCase();
  if (normalized === "*" || normalized === "*:*") return true;
  const match = /^([a-z0-9-]+):\*$/.exec(normalized);
  return match?.[1] !== undefined && !allowed.has(match[1]);
}

function everyResource(statement: PermissionStatement): Part<Yes> {
  // NotResource allows every resource but the listed ones.
  if (statement.notResource !== undefined) {
    return { kind: "yes", described: "every resource except those in NotResource" };
  }
  const resources = statement.resource ?? [];
  if (resources.some((resource) => typeof resource === "string" && resource.trim() === "*")) {
    return { kind: "yes", described: 'every resource ("*")' };
  }
  const unresolvedResource = resources.find(isUnresolved);
  return unresolvedResource === undefined ? { kind: "no" } : maybe(unresolvedResource);
}

function maybe(value: Unresolved): { readonly kind: "maybe"; readonly reason: string } {
  return { kind: "maybe", reason: value.unresolved };
}

function quoted(action: string): string {
  return `"${action}"`;
}
