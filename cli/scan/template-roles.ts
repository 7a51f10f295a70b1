import { OFFLINE_LOOKUPS } from "../../shared/engine/lookups.ts";
import { type RolePermissions, type RolePolicy, statementsOf } from "../../shared/iam/role-permissions.ts";
import {
  type Declarations,
  intrinsicOf,
  noDeclarations,
  resolveIntrinsic,
} from "../../shared/model/cloudformation/intrinsic.ts";
import { pointer } from "../../shared/model/pointer.ts";
import { isRecord } from "../../shared/model/read.ts";
import { isUnresolved, type Resolvable, unresolved } from "../../shared/model/resolvable.ts";
import type { PolicyLookups } from "../../shared/policies/define-policy.ts";

/** Why a managed policy attached by ARN is unknown to the scanner. */
const MANAGED_POLICY_OFFLINE = "the documents of managed policies are not read offline";

/**
 * Lookups answered from a CloudFormation template. A task role written `!GetAtt Role.Arn` or `!Ref Role`
 * (a role's Ref is its name, which ECS accepts), where `Role` is an `AWS::IAM::Role` of the same template, has
 * the permissions the template gives it: its `Policies`, its `ManagedPolicyArns`, and the
 * `AWS::IAM::Policy`, `AWS::IAM::RolePolicy` and `AWS::IAM::ManagedPolicy` resources that attach to it by
 * `Ref` or by its literal `RoleName`. Any other role is Unresolved, as everywhere offline.
 */
export function templateLookups(template: unknown): PolicyLookups {
  const sections = isRecord(template) ? template : {};
  const resources = isRecord(sections.Resources) ? sections.Resources : {};
  const declarations: Declarations = {
    parameters: isRecord(sections.Parameters) ? sections.Parameters : {},
    resources,
  };
  const roles = new Map<string, Resolvable<RolePermissions>>();
  return {
    ...OFFLINE_LOOKUPS,
    rolePermissions(taskRoleArn) {
      const reference = isUnresolved(taskRoleArn) ? taskRoleArn.reference : undefined;
      if (reference === undefined) return OFFLINE_LOOKUPS.rolePermissions(taskRoleArn);
      const { logicalId, attribute } = reference;
      const role = Object.hasOwn(resources, logicalId) ? resources[logicalId] : undefined;
      const isRoleArnOrName = attribute === undefined || attribute === "Arn";
      if (!isRoleArnOrName || !isRecord(role) || role.Type !== "AWS::IAM::Role") {
        return OFFLINE_LOOKUPS.rolePermissions(taskRoleArn);
      }
      let permissions = roles.get(logicalId);
      if (permissions === undefined) {
        permissions = templateRolePermissions(logicalId, role, declarations);
        roles.set(logicalId, permissions);
      }
      return permissions;
    },
  };
}

function templateRolePermissions(
  logicalId: string,
  role: Readonly<Record<string, unknown>>,
  declarations: Declarations,
): Resolvable<RolePermissions> {
  const at = pointer("Resources", logicalId, "Properties");
  const properties = role.Properties ?? {};
  if (intrinsicOf(properties) !== undefined) {
    const whole = resolved(properties, declarations, at);
    if (isUnresolved(whole)) return whole;
  }
  if (!isRecord(properties)) return unresolved(`the Properties of role ${logicalId} are not an object`, at);
  const managed = managedPolicies(properties.ManagedPolicyArns, declarations, `${at}/ManagedPolicyArns`);
  const policies = [
    ...inlinePolicies(properties.Policies, declarations, `${at}/Policies`),
    ...attachedPolicyResources(logicalId, properties.RoleName, declarations),
    ...managed.policies,
  ];
  // A managed policy of the template may be both in ManagedPolicyArns and attached by its Roles.
  const unique = new Map(policies.map((policy) => [`${policy.kind} ${policy.name}`, policy]));
  return { managedPolicyArns: managed.arns, policies: [...unique.values()] };
}

/** The role's `Policies`: each `{ PolicyName, PolicyDocument }`, named by its position where the name is unknown. */
function inlinePolicies(value: unknown, declarations: Declarations, at: string): RolePolicy[] {
  if (value === undefined) return [];
  const list = resolved(value, declarations, at);
  if (isUnresolved(list)) return [{ kind: "inline", name: "Policies", statements: list }];
  if (!Array.isArray(list)) {
    return [{ kind: "inline", name: "Policies", statements: unresolved("Policies is not a list", at) }];
  }
  return list.map((policy, index) => {
    const policyAt = `${at}/${index}`;
    if (isUnresolved(policy) || !isRecord(policy)) {
      const reason = isUnresolved(policy) ? policy.unresolved : "the policy is not an object";
      return { kind: "inline", name: `Policies[${index}]`, statements: unresolved(reason, policyAt) };
    }
    const name = typeof policy.PolicyName === "string" ? policy.PolicyName : `Policies[${index}]`;
    return {
      kind: "inline",
      name,
      statements: statementsOf(policy.PolicyDocument, `${policyAt}/PolicyDocument`),
    };
  });
}

/**
 * `ManagedPolicyArns`: ARNs as written (documents unknown offline), and policies of the template referenced
 * with `!Ref` (an `AWS::IAM::ManagedPolicy`'s Ref is its ARN), whose documents are known.
 */
function managedPolicies(
  value: unknown,
  declarations: Declarations,
  at: string,
): { arns: string[]; policies: RolePolicy[] } {
  if (value === undefined) return { arns: [], policies: [] };
  const written = Array.isArray(value) ? value.map((entry) => awsManagedPolicyArn(entry) ?? entry) : value;
  const list = resolved(written, declarations, at);
  if (isUnresolved(list)) {
    return { arns: [], policies: [{ kind: "managed", name: "ManagedPolicyArns", statements: list }] };
  }
  if (!Array.isArray(list)) {
    const statements = unresolved("ManagedPolicyArns is not a list", at);
    return { arns: [], policies: [{ kind: "managed", name: "ManagedPolicyArns", statements }] };
  }
  const arns: string[] = [];
  const policies: RolePolicy[] = [];
  list.forEach((entry, index) => {
    const entryAt = `${at}/${index}`;
    if (typeof entry === "string") {
      arns.push(entry);
      policies.push({
        kind: "managed",
        name: entry,
        statements: unresolved(MANAGED_POLICY_OFFLINE, entryAt),
      });
      return;
    }
    // A `Ref` (no attribute) to a managed policy of the template is its ARN.
    const referenced = isUnresolved(entry) ? entry.reference : undefined;
    const isRef = referenced !== undefined && referenced.attribute === undefined;
    const policy = isRef ? declarations.resources[referenced.logicalId] : undefined;
    if (isRef && isRecord(policy) && policy.Type === "AWS::IAM::ManagedPolicy") {
      policies.push(templatePolicy("managed", referenced.logicalId, policy, declarations));
      return;
    }
    const reason = isUnresolved(entry) ? entry.unresolved : "the entry is not a string";
    policies.push({
      kind: "managed",
      name: `ManagedPolicyArns[${index}]`,
      statements: unresolved(reason, entryAt),
    });
  });
  return { arns, policies };
}

/**
 * An AWS managed policy ARN written with the one pseudo parameter that does not change which policy it is:
 * `!Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess` (read in the `aws` partition).
 */
function awsManagedPolicyArn(raw: unknown): string | undefined {
  const intrinsic = intrinsicOf(raw);
  if (intrinsic?.name !== "Fn::Sub" || typeof intrinsic.argument !== "string") return undefined;
  const arn = intrinsic.argument.replaceAll(/\$\{AWS::Partition\}/g, "aws");
  return /^arn:aws:iam::aws:policy\/[^$]+$/.test(arn) ? arn : undefined;
}

/** Policy resources that attach to roles of the template, and how IAM counts them on the role. */
const ATTACHING_TYPES: ReadonlyMap<string, RolePolicy["kind"]> = new Map([
  ["AWS::IAM::Policy", "inline"],
  ["AWS::IAM::RolePolicy", "inline"],
  ["AWS::IAM::ManagedPolicy", "managed"],
]);

/** Policy resources of the template that attach to the role: by `Roles` (or `RoleName` for RolePolicy). */
function attachedPolicyResources(
  roleLogicalId: string,
  roleName: unknown,
  declarations: Declarations,
): RolePolicy[] {
  const names = (value: unknown) =>
    value !== undefined &&
    ((typeof roleName === "string" && value === roleName) || isRefTo(value, roleLogicalId));
  return Object.entries(declarations.resources).flatMap(([logicalId, declaration]) => {
    if (!isRecord(declaration) || typeof declaration.Type !== "string") return [];
    const kind = ATTACHING_TYPES.get(declaration.Type);
    const properties = declaration.Properties;
    if (kind === undefined || !isRecord(properties)) return [];
    const targets = declaration.Type === "AWS::IAM::RolePolicy" ? [properties.RoleName] : properties.Roles;
    if (!Array.isArray(targets) || !targets.some(names)) return [];
    return [templatePolicy(kind, logicalId, declaration, declarations)];
  });
}

function isRefTo(value: unknown, logicalId: string): boolean {
  const intrinsic = intrinsicOf(value);
  return intrinsic?.name === "Ref" && intrinsic.argument === logicalId;
}

/** A policy resource of the template, named by its logical id (its physical name may be generated). */
function templatePolicy(
  kind: RolePolicy["kind"],
  logicalId: string,
  declaration: Readonly<Record<string, unknown>>,
  declarations: Declarations,
): RolePolicy {
  const at = pointer("Resources", logicalId, "Properties", "PolicyDocument");
  const properties = isRecord(declaration.Properties) ? declaration.Properties : {};
  const document = resolved(properties.PolicyDocument, declarations, at);
  return { kind, name: logicalId, statements: statementsOf(document, at) };
}

/** What `resolved` returns for `Ref: AWS::NoValue`: the member or list element disappears. */
const ABSENT: unique symbol = Symbol("absent");

/**
 * A template value with its intrinsic functions resolved where they can be offline, and Unresolved markers
 * (naming the resource a `Ref` or `Fn::GetAtt` points to) where they cannot. Keys stay as written: an IAM
 * policy document is PascalCase JSON, not an ECS API shape.
 */
function resolved(value: unknown, declarations: Declarations, at: string): unknown {
  const result = resolvedNode(value, declarations, at);
  return result === ABSENT ? undefined : result;
}

function resolvedNode(value: unknown, declarations: Declarations, at: string): unknown {
  const intrinsic = intrinsicOf(value);
  if (intrinsic !== undefined) {
    const resolution = resolveIntrinsic(intrinsic, declarations);
    if (resolution.kind === "absent") return ABSENT;
    if (resolution.kind === "unresolved") return unresolved(resolution.reason, at, resolution.reference);
    // A parameter's Default cannot use intrinsic functions itself.
    return resolvedNode(resolution.value, noDeclarations, at);
  }
  if (Array.isArray(value)) {
    return value
      .map((item, index) => resolvedNode(item, declarations, `${at}/${index}`))
      .filter((item) => item !== ABSENT);
  }
  if (isRecord(value)) {
    const members = Object.entries(value)
      .map(([key, item]) => [key, resolvedNode(item, declarations, `${at}${pointer(key)}`)] as const)
      .filter(([, item]) => item !== ABSENT);
    // fromEntries defines own properties, so a key such as "__proto__" stays data.
    return Object.fromEntries(members);
  }
  return value;
}
