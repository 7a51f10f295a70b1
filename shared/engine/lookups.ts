import type { RolePermissions } from "../iam/role-permissions.ts";
import { isUnresolved, type Resolvable, unresolved } from "../model/resolvable.ts";
import type { PolicyLookups } from "../policies/define-policy.ts";

/** The reason a role's permissions are unknown where nothing read IAM. */
export const IAM_NOT_READ_OFFLINE = "IAM is not read offline";

/**
 * Lookups that know nothing: every role is Unresolved, so a policy that needs one is UNKNOWN rather than
 * PASSED. An unresolved `taskRoleArn` keeps its own reason (e.g. the intrinsic function it is written with).
 */
export const OFFLINE_LOOKUPS: PolicyLookups = {
  rolePermissions: (taskRoleArn) =>
    isUnresolved(taskRoleArn) ? taskRoleArn : unresolved(IAM_NOT_READ_OFFLINE, ""),
};

/**
 * Lookups answering from role permissions read beforehand, by `taskRoleArn` as the task definition writes it
 * (`undefined`: the role does not exist); any other role is answered by `otherwise`.
 */
export function roleLookups(
  known: ReadonlyMap<string, Resolvable<RolePermissions | undefined>>,
  otherwise: PolicyLookups = OFFLINE_LOOKUPS,
): PolicyLookups {
  return {
    rolePermissions: (taskRoleArn) =>
      typeof taskRoleArn === "string" && known.has(taskRoleArn)
        ? known.get(taskRoleArn)
        : otherwise.rolePermissions(taskRoleArn),
  };
}
