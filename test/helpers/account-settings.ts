import { accountSettingFromApi } from "../../shared/model/account-setting.ts";
import { partitionOf } from "../../shared/model/arns.ts";
import { resolveApiCall } from "../../shared/model/cloudtrail.ts";
import type { AccountSetting } from "../../shared/model/types.ts";
import { ACCOUNT } from "./builders.ts";
import { readSharedJson } from "./shared-data.ts";

/**
 * Builders for account setting tables: settings as PutAccountSetting(Default) returns them, through the real
 * normalizer. Values are loosely typed on purpose: tables also feed wrong types and unresolved values.
 */

export const INSTANCE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ecsInstanceRole`;

/** The account default, as PutAccountSettingDefault returns it (ECS names the root user as its principal). */
export function accountDefault(name: unknown, value: unknown, partition = "aws"): AccountSetting {
  return accountSettingFromApi(
    { name, value, principalArn: `arn:${partition}:iam::${ACCOUNT}:root`, type: "user" },
    { accountDefault: true, partition },
  );
}

/** A principal's own setting, as PutAccountSetting returns it (the container instance role's by default). */
export function principalSetting(
  name: unknown,
  value: unknown,
  principalArn = INSTANCE_ROLE_ARN,
): AccountSetting {
  return accountSettingFromApi({ name, value, principalArn, type: "user" }, { partition: "aws" });
}

/**
 * The ECS guide's PutAccountSettingDefault record (../shared/data/events), resolved as the api-calls route does:
 * its request asks for awsvpcTrunking, but ECS replied it stored fargateFIPSMode, enabled.
 */
export function realPutAccountSettingDefault(): AccountSetting {
  const record = readSharedJson(
    "events/awsdocs__ecs-dev-guide__cloudtrail-RAW-record-PutAccountSettingDefault.json",
  ) as {
    awsRegion: string;
    recipientAccountId: string;
    eventName: string;
    requestParameters: unknown;
    responseElements: unknown;
  };
  const [subject] = resolveApiCall({
    partition: partitionOf(record.awsRegion),
    region: record.awsRegion,
    account: record.recipientAccountId,
    eventName: record.eventName,
    requestParameters: record.requestParameters,
    responseElements: record.responseElements,
    record,
  }).subjects;
  if (subject?.resource.kind !== "AccountSetting")
    throw new Error("the record resolves to no account setting");
  return subject.resource;
}
