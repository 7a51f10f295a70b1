import { isRecord } from "../model/read.ts";
import { isUnresolved, type Resolvable, unresolved } from "../model/resolvable.ts";

/**
 * The permissions of an IAM role as the policies judge them: what its identity-based policies allow,
 * normalized from IAM's JSON (read with the IAM API) or from a CloudFormation template (offline).
 * Permissions boundaries, SCPs and session policies may narrow them further; they are not modelled.
 */
export interface RolePermissions {
  /** ARNs of the managed policies attached to the role, AWS managed and customer managed, as attached. */
  readonly managedPolicyArns: readonly string[];
  /** The role's inline policies, then the default versions of its managed policies. */
  readonly policies: readonly RolePolicy[];
}

export interface RolePolicy {
  readonly kind: "inline" | "managed";
  /** The inline policy's name, or the managed policy's ARN. */
  readonly name: string;
  /** The statements, each possibly unknown, or why the whole document is unknown. */
  readonly statements: Resolvable<readonly Resolvable<PermissionStatement>[]>;
}

/**
 * One statement, with single values as one-element lists. A list holds an Unresolved entry where the
 * template has a value the scanner cannot resolve; documents read from IAM are always resolved.
 */
export interface PermissionStatement {
  readonly sid?: string;
  readonly effect: Resolvable<string>;
  readonly action?: readonly Resolvable<string>[];
  readonly notAction?: readonly Resolvable<string>[];
  readonly resource?: readonly Resolvable<string>[];
  readonly notResource?: readonly Resolvable<string>[];
  /** Whether a non-empty `Condition` block limits the statement. */
  readonly hasCondition: Resolvable<boolean>;
}

/**
 * The statements of a policy document (`at` is where the document is written, for the reasons of what is
 * unknown). Accepts Unresolved markers anywhere in the document, as the offline scanner leaves them.
 */
export function statementsOf(
  document: unknown,
  at: string,
): Resolvable<readonly Resolvable<PermissionStatement>[]> {
  if (isUnresolved(document)) return document;
  if (!isRecord(document)) return unresolved("the policy document is not a JSON object", at);
  const statements = document.Statement;
  if (statements === undefined) return [];
  if (isUnresolved(statements)) return statements;
  const list: readonly unknown[] = Array.isArray(statements) ? statements : [statements];
  return list.map((statement, index) => statementOf(statement, `${at}/Statement/${index}`));
}

function statementOf(statement: unknown, at: string): Resolvable<PermissionStatement> {
  if (isUnresolved(statement)) return statement;
  if (!isRecord(statement)) return unresolved("the statement is not a JSON object", at);
  const effect = statement.Effect;
  return {
    ...(typeof statement.Sid === "string" ? { sid: statement.Sid } : {}),
    effect:
      typeof effect === "string" || isUnresolved(effect)
        ? effect
        : unresolved("the statement has no Effect", `${at}/Effect`),
    action: entriesOf(statement.Action, `${at}/Action`),
    notAction: entriesOf(statement.NotAction, `${at}/NotAction`),
    resource: entriesOf(statement.Resource, `${at}/Resource`),
    notResource: entriesOf(statement.NotResource, `${at}/NotResource`),
    hasCondition: hasCondition(statement.Condition, `${at}/Condition`),
  };
}

/** The entries of an element written as a string or a list of strings; `undefined` when it is absent. */
function entriesOf(value: unknown, at: string): readonly Resolvable<string>[] | undefined {
  if (value === undefined) return undefined;
  // An element that is unknown as a whole may hold anything, so it stands for one unknown entry.
  if (isUnresolved(value)) return [value];
  const entries: readonly unknown[] = Array.isArray(value) ? value : [value];
  return entries.map((entry, index) =>
    typeof entry === "string" || isUnresolved(entry)
      ? entry
      : unresolved(`an entry is ${describe(entry)}, not a string`, `${at}/${index}`),
  );
}

function hasCondition(condition: unknown, at: string): Resolvable<boolean> {
  if (condition === undefined) return false;
  if (isUnresolved(condition)) return condition;
  if (!isRecord(condition)) return unresolved(`Condition is ${describe(condition)}, not an object`, at);
  return Object.keys(condition).length > 0;
}

/**
 * A policy document as IAM returns it (`GetRolePolicy`, `GetPolicyVersion`): URL-encoded JSON (RFC 3986).
 * Some SDKs decode it already, so a document that is JSON as it stands is taken as it is.
 */
export function parsePolicyDocument(text: string): unknown {
  const json = text.trimStart().startsWith("{") ? text : decodeURIComponent(text);
  return JSON.parse(json);
}

/**
 * The role name IAM calls take, from a task definition's `taskRoleArn`: an ARN (its path dropped) or a bare
 * role name, as ECS accepts both. A role of another account cannot be read with the guardrail's own role.
 */
export function roleNameOf(taskRoleArn: string, account: string): Resolvable<string> {
  const reference = taskRoleArn.trim();
  if (!reference.startsWith("arn:")) return reference;
  const match = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(reference);
  if (match === null) return unresolved(`${reference} is not an IAM role ARN`, "");
  const [, roleAccount = "", roleName = ""] = match;
  if (roleAccount !== account) {
    return unresolved(
      `the role belongs to account ${roleAccount}; IAM is read only in account ${account}`,
      "",
    );
  }
  return roleName;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
