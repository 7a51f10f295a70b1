import { describe, expect, it } from "vitest";
import { parsePolicyDocument, roleNameOf, statementsOf } from "../../shared/iam/role-permissions.ts";
import { unresolved } from "../../shared/model/resolvable.ts";

describe("statementsOf", () => {
  it("normalizes single values to lists and keeps the Sid", () => {
    expect(
      statementsOf(
        {
          Statement: {
            Sid: "Read",
            Effect: "Allow",
            Action: "s3:GetObject",
            NotResource: "arn:aws:s3:::x/*",
          },
        },
        "",
      ),
    ).toEqual([
      {
        sid: "Read",
        effect: "Allow",
        action: ["s3:GetObject"],
        notResource: ["arn:aws:s3:::x/*"],
        hasCondition: false,
      },
    ]);
  });

  it("reads a document without statements as allowing nothing", () => {
    expect(statementsOf({ Version: "2012-10-17" }, "")).toEqual([]);
  });

  it("counts only a non-empty Condition block", () => {
    const conditions = [{}, { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }].map((Condition) =>
      statementsOf({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Condition }] }, ""),
    );
    expect(conditions).toMatchObject([[{ hasCondition: false }], [{ hasCondition: true }]]);
  });

  it("keeps what it cannot read as Unresolved, where it is written", () => {
    const fromTemplate = unresolved("Fn::If on condition Prod cannot be resolved offline", "/Resource");
    expect(
      statementsOf(
        {
          Statement: [
            "not a statement",
            { Action: ["s3:*", 42], Resource: fromTemplate, Condition: "yes" },
            fromTemplate,
          ],
        },
        "/Doc",
      ),
    ).toEqual([
      unresolved("the statement is not a JSON object", "/Doc/Statement/0"),
      {
        effect: unresolved("the statement has no Effect", "/Doc/Statement/1/Effect"),
        action: ["s3:*", unresolved("an entry is a number, not a string", "/Doc/Statement/1/Action/1")],
        resource: [fromTemplate],
        hasCondition: unresolved("Condition is a string, not an object", "/Doc/Statement/1/Condition"),
      },
      fromTemplate,
    ]);
    expect(statementsOf(["a list"], "/Doc")).toEqual(
      unresolved("the policy document is not a JSON object", "/Doc"),
    );
  });
});

describe("parsePolicyDocument", () => {
  it("decodes IAM's URL-encoded JSON, and takes plain JSON as it is", () => {
    const document = {
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::a b/100%" }],
    };
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(document)))).toEqual(document);
    expect(parsePolicyDocument(` ${JSON.stringify(document)}`)).toEqual(document);
  });
});

describe("roleNameOf", () => {
  it.each([
    ["arn:aws:iam::123456789012:role/web-task", "web-task"],
    ["arn:aws:iam::123456789012:role/service/teams/web-task", "web-task"],
    ["arn:aws-cn:iam::123456789012:role/web-task", "web-task"],
    [" web-task ", "web-task"],
  ])("reads %s as the role %s", (taskRoleArn, roleName) => {
    expect(roleNameOf(taskRoleArn, "123456789012")).toBe(roleName);
  });

  it("cannot read a role of another account, nor an ARN that names no role", () => {
    expect(roleNameOf("arn:aws:iam::210987654321:role/web-task", "123456789012")).toEqual(
      unresolved("the role belongs to account 210987654321; IAM is read only in account 123456789012", ""),
    );
    expect(roleNameOf("arn:aws:iam::123456789012:user/web", "123456789012")).toEqual(
      unresolved("arn:aws:iam::123456789012:user/web is not an IAM role ARN", ""),
    );
  });
});
