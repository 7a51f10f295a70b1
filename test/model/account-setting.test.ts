import { describe, expect, it } from "vitest";
import { accountSettingFromApi, accountSettingId } from "../../shared/model/account-setting.ts";

const scope = { partition: "aws", region: "eu-west-1", account: "123456789012" };

describe("accountSettingFromApi", () => {
  it("reads a setting as ListAccountSettings lists it and PutAccountSetting returns it", () => {
    expect(
      accountSettingFromApi({
        name: "awsvpcTrunking",
        value: "enabled",
        principalArn: "arn:aws:iam::123456789012:role/ecsInstanceRole",
        type: "user",
      }),
    ).toEqual({
      kind: "AccountSetting",
      arn: undefined,
      accountDefault: false,
      partition: "aws",
      name: "awsvpcTrunking",
      value: "enabled",
      principalArn: "arn:aws:iam::123456789012:role/ecsInstanceRole",
      type: "user",
      tags: undefined,
    });
  });

  it.each([
    [
      "PutAccountSettingDefault's setting",
      { principalArn: "arn:aws:iam::123456789012:user/jdoe" },
      true,
      true,
    ],
    ["the root user's setting", { principalArn: "arn:aws:iam::123456789012:root" }, false, true],
    ["a role's setting", { principalArn: "arn:aws:iam::123456789012:role/app" }, false, false],
    ["a setting without a principal", {}, false, false],
  ])("%s is the account default or not", (_, fields, setByDefaultCall, isDefault) => {
    const setting = accountSettingFromApi(
      { name: "containerInsights", value: "enabled", ...fields },
      {
        accountDefault: setByDefaultCall,
      },
    );
    expect(setting.accountDefault).toBe(isDefault);
  });

  it("takes the event's partition, else the principal ARN's", () => {
    const govCloudRoot = { name: "fargateFIPSMode", principalArn: "arn:aws-us-gov:iam::123456789012:root" };
    expect(accountSettingFromApi(govCloudRoot).partition).toBe("aws-us-gov");
    expect(accountSettingFromApi({ ...govCloudRoot, principalArn: "root" }).partition).toBeUndefined();
    expect(
      accountSettingFromApi(
        { ...govCloudRoot, principalArn: "arn:aws:iam::123456789012:user/jdoe" },
        { partition: "aws-us-gov" },
      ).partition,
    ).toBe("aws-us-gov");
  });

  it("keeps mistyped values as Unresolved where they sit", () => {
    expect(accountSettingFromApi({ name: ["awsvpcTrunking"], value: { on: true } })).toMatchObject({
      name: { at: "/name" },
      value: { at: "/value" },
    });
  });

  it("reads anything else as a setting of nothing", () => {
    expect(accountSettingFromApi("awsvpcTrunking")).toMatchObject({
      name: undefined,
      value: undefined,
      accountDefault: false,
    });
  });
});

describe("accountSettingId", () => {
  const id = (document: Record<string, unknown>, accountDefault = false) =>
    accountSettingId(scope, accountSettingFromApi(document, { accountDefault }));

  it.each([
    [
      "the account default",
      { name: "awsvpcTrunking", principalArn: "arn:aws:iam::123456789012:user/jdoe" },
      true,
      "awsvpcTrunking/default",
    ],
    [
      "the root user's, the default",
      { name: "awsvpcTrunking", principalArn: "arn:aws:iam::123456789012:root" },
      false,
      "awsvpcTrunking/default",
    ],
    [
      "a user's",
      { name: "taskLongArnFormat", principalArn: "arn:aws:iam::123456789012:user/jdoe" },
      false,
      "taskLongArnFormat/user/jdoe",
    ],
    [
      "a role's, with its path",
      { name: "awsvpcTrunking", principalArn: "arn:aws:iam::123456789012:role/ecs/instance-role" },
      false,
      "awsvpcTrunking/role/ecs/instance-role",
    ],
  ])("names %s setting in the ecs-guardrails namespace", (_, document, accountDefault, resource) => {
    expect(id(document, accountDefault)).toBe(
      `arn:aws:ecs-guardrails:eu-west-1:123456789012:account-setting/${resource}`,
    );
  });

  it.each([
    ["without a name", { principalArn: "arn:aws:iam::123456789012:role/app" }, true],
    ["with a blank name", { name: " ", principalArn: "arn:aws:iam::123456789012:role/app" }, true],
    ["of a principal that is no IAM principal", { name: "awsvpcTrunking", principalArn: "jdoe" }, false],
    ["of no principal", { name: "awsvpcTrunking" }, false],
  ])("names no setting %s", (_, document, accountDefault) => {
    expect(id(document, accountDefault)).toBeUndefined();
  });
});
