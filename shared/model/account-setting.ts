import type { Scope } from "./arns.ts";
import { root } from "./read.ts";
import { readFields } from "./shape.ts";
import { type AccountSetting, accountSettingFields } from "./types.ts";

/** An IAM principal's ARN: its partition, and its resource part (`root`, `user/jdoe`, `role/path/name`). */
const PRINCIPAL_ARN = /^arn:([^:]+):iam::\d{12}:(.+)$/;

interface AccountSettingSource {
  /** Whether the call that returned the setting set the account default (PutAccountSettingDefault). */
  readonly accountDefault?: boolean;
  /** The partition of the event that carried it; by default, the principal ARN's. */
  readonly partition?: string;
}

/**
 * An account setting from ListAccountSettings `settings[]` or the `setting` PutAccountSetting(Default) returns.
 * It is the account default when the call set the default, or when it is the root user's: ECS applies the root
 * user's setting to every user and role without one of their own.
 */
export function accountSettingFromApi(input: unknown, source: AccountSettingSource = {}): AccountSetting {
  const fields = readFields(accountSettingFields, root(input));
  const principal = principalOf(fields.principalArn);
  return {
    kind: "AccountSetting",
    arn: undefined,
    accountDefault: source.accountDefault === true || principal?.resource === "root",
    partition: source.partition ?? principal?.partition,
    ...fields,
    tags: undefined,
  };
}

/**
 * The resource id of an account setting: ARN-shaped so Security Hub shows it like any resource, in the
 * `ecs-guardrails` namespace because no AWS ARN exists for it, and the same whenever the setting changes, so
 * each change updates the same finding. The account default is `account-setting/<name>/default`, a principal's
 * setting `account-setting/<name>/<the principal's IAM resource>` (`…/user/jdoe`). `undefined` when the setting's
 * name, or the principal of a setting that is not the default, cannot be read.
 */
export function accountSettingId(scope: Scope, setting: AccountSetting): string | undefined {
  const { name } = setting;
  const holder = setting.accountDefault ? "default" : principalOf(setting.principalArn)?.resource;
  if (typeof name !== "string" || name.trim() === "" || holder === undefined) return undefined;
  return `arn:${scope.partition}:ecs-guardrails:${scope.region}:${scope.account}:account-setting/${name}/${holder}`;
}

function principalOf(principalArn: unknown): { partition: string; resource: string } | undefined {
  const match = typeof principalArn === "string" ? PRINCIPAL_ARN.exec(principalArn) : null;
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { partition: match[1], resource: match[2] };
}
