import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import {
  type PermissionStatement,
  parsePolicyDocument,
  type RolePermissions,
  type RolePolicy,
  statementsOf,
} from "../iam/role-permissions.ts";
import { type Resolvable, unresolved } from "../model/resolvable.ts";
import { isAccessDenied } from "./access-denied.ts";
import { once } from "./read-once.ts";
import type { StateReader } from "./state-reader.ts";

/**
 * Reads what IAM roles allow: the managed policies attached to a role (their default versions) and its
 * inline policies. One reader serves one batch: a role is read once however many task definitions name it,
 * and a managed policy once however many roles attach it. A role IAM does not let the guardrail read (an
 * SCP or a permissions boundary denies it) is Unresolved: retrying would not change that.
 */
export function iamRoleReader(client: IAMClient): Pick<StateReader, "readRolePermissions"> {
  const roles = new Map<string, Promise<Resolvable<RolePermissions | undefined>>>();
  const managedPolicies = new Map<string, Promise<RolePolicy | undefined>>();

  async function readRoleUnlessDenied(roleName: string): Promise<Resolvable<RolePermissions | undefined>> {
    try {
      return await readRole(roleName);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      return unresolved(`IAM denies the guardrail reading the role's policies (${error.name})`, "");
    }
  }

  async function readRole(roleName: string): Promise<RolePermissions | undefined> {
    let managedPolicyArns: string[];
    let inlinePolicyNames: string[];
    try {
      [managedPolicyArns, inlinePolicyNames] = await Promise.all([
        attachedPolicyArns(client, roleName),
        inlinePolicyNamesOf(client, roleName),
      ]);
    } catch (error) {
      if (error instanceof NoSuchEntityException) return undefined;
      throw error;
    }
    const policies = await Promise.all([
      ...inlinePolicyNames.map((policyName) => inlinePolicy(client, roleName, policyName)),
      ...managedPolicyArns.map((policyArn) =>
        once(managedPolicies, policyArn, () => managedPolicy(client, policyArn)),
      ),
    ]);
    return {
      managedPolicyArns,
      policies: policies.filter((policy): policy is RolePolicy => policy !== undefined),
    };
  }

  return {
    readRolePermissions: (roleName) => once(roles, roleName, () => readRoleUnlessDenied(roleName)),
  };
}

interface Page {
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

/** Every page of an IAM list call: IAM may return fewer items than asked and say so with `IsTruncated`. */
async function allPages<Output extends Page>(
  fetchPage: (marker: string | undefined) => Promise<Output>,
): Promise<Output[]> {
  const pages: Output[] = [];
  let marker: string | undefined;
  do {
    const page = await fetchPage(marker);
    pages.push(page);
    marker = page.IsTruncated === true ? page.Marker : undefined;
  } while (marker !== undefined);
  return pages;
}

async function attachedPolicyArns(client: IAMClient, roleName: string): Promise<string[]> {
  const pages = await allPages((marker) =>
    client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...markerOf(marker) })),
  );
  return pages.flatMap((page) => (page.AttachedPolicies ?? []).flatMap((policy) => policy.PolicyArn ?? []));
}

async function inlinePolicyNamesOf(client: IAMClient, roleName: string): Promise<string[]> {
  const pages = await allPages((marker) =>
    client.send(new ListRolePoliciesCommand({ RoleName: roleName, ...markerOf(marker) })),
  );
  return pages.flatMap((page) => page.PolicyNames ?? []);
}

function markerOf(marker: string | undefined): { Marker?: string } {
  return marker === undefined ? {} : { Marker: marker };
}

/** An inline policy; `undefined` when it was deleted after the role's policies were listed. */
async function inlinePolicy(
  client: IAMClient,
  roleName: string,
  policyName: string,
): Promise<RolePolicy | undefined> {
  const output = await unlessNoSuchEntity(
    client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
  );
  if (output === undefined) return undefined;
  return { kind: "inline", name: policyName, statements: statementsIn(output.PolicyDocument) };
}

/** A managed policy's default version; `undefined` when it was detached and deleted meanwhile. */
async function managedPolicy(client: IAMClient, policyArn: string): Promise<RolePolicy | undefined> {
  const described = await unlessNoSuchEntity(client.send(new GetPolicyCommand({ PolicyArn: policyArn })));
  const versionId = described?.Policy?.DefaultVersionId;
  if (versionId === undefined) return undefined;
  const version = await unlessNoSuchEntity(
    client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
  );
  if (version === undefined) return undefined;
  return { kind: "managed", name: policyArn, statements: statementsIn(version.PolicyVersion?.Document) };
}

/** A read's output, or `undefined` when IAM says the entity does not exist (any other error propagates). */
async function unlessNoSuchEntity<Output>(output: Promise<Output>): Promise<Output | undefined> {
  try {
    return await output;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

/** The statements of a document as IAM returns it; the document's text never leaves this function. */
function statementsIn(document: string | undefined): Resolvable<readonly Resolvable<PermissionStatement>[]> {
  if (document === undefined) return unresolved("IAM returned no policy document", "");
  let parsed: unknown;
  try {
    parsed = parsePolicyDocument(document);
  } catch {
    return unresolved("the policy document is not URL-encoded JSON", "");
  }
  return statementsOf(parsed, "");
}
