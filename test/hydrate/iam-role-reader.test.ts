import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { iamRoleReader } from "../../shared/hydrate/iam-role-reader.ts";
import type { RolePermissions } from "../../shared/iam/role-permissions.ts";
import { isUnresolved } from "../../shared/model/resolvable.ts";

const iam = mockClient(IAMClient);
const client = new IAMClient({ region: "us-east-1" });

const S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const ORDERS = "arn:aws:iam::123456789012:policy/orders-table";

/** As IAM returns documents: URL-encoded JSON (RFC 3986). */
const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document, null, 2));

const noSuchEntity = () => new NoSuchEntityException({ message: "The role cannot be found.", $metadata: {} });

function givenManagedPolicy(policyArn: string, document: unknown, versionId = "v2") {
  iam
    .on(GetPolicyCommand, { PolicyArn: policyArn })
    .resolves({ Policy: { Arn: policyArn, DefaultVersionId: versionId } });
  iam.on(GetPolicyVersionCommand, { PolicyArn: policyArn, VersionId: versionId }).resolves({
    PolicyVersion: { VersionId: versionId, IsDefaultVersion: true, Document: encoded(document) },
  });
}

function permissionsOf(value: unknown): RolePermissions {
  if (value === undefined || isUnresolved(value))
    throw new Error(`expected permissions, got ${JSON.stringify(value)}`);
  return value as RolePermissions;
}

beforeEach(() => {
  iam.reset();
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
});

describe("iamRoleReader", () => {
  it("reads every page of attached and inline policies, and the managed policies' default versions", async () => {
    iam
      .on(ListAttachedRolePoliciesCommand, { RoleName: "web-task" })
      .resolvesOnce({
        AttachedPolicies: [{ PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: S3_READ }],
        IsTruncated: true,
        Marker: "page-2",
      })
      .resolvesOnce({
        AttachedPolicies: [{ PolicyName: "orders-table", PolicyArn: ORDERS }],
        IsTruncated: false,
      });
    iam
      .on(ListRolePoliciesCommand, { RoleName: "web-task" })
      .resolvesOnce({ PolicyNames: ["logs"], IsTruncated: true, Marker: "inline-2" })
      .resolvesOnce({ PolicyNames: ["queue"], IsTruncated: false });
    iam.on(GetRolePolicyCommand, { RoleName: "web-task", PolicyName: "logs" }).resolves({
      PolicyDocument: encoded({
        Version: "2012-10-17",
        Statement: { Effect: "Allow", Action: "logs:*", Resource: "*", Condition: {} },
      }),
    });
    iam.on(GetRolePolicyCommand, { RoleName: "web-task", PolicyName: "queue" }).resolves({
      PolicyDocument: encoded({
        Statement: [
          {
            Sid: "Send",
            Effect: "Allow",
            Action: ["sqs:SendMessage"],
            Resource: "arn:aws:sqs:eu-west-1:123456789012:orders",
            Condition: { Bool: { "aws:SecureTransport": "true" } },
          },
        ],
      }),
    });
    givenManagedPolicy(S3_READ, {
      Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "*" }],
    });
    givenManagedPolicy(
      ORDERS,
      { Statement: [{ Effect: "Deny", NotAction: "dynamodb:Get*", NotResource: "*" }] },
      "v7",
    );

    const permissions = await iamRoleReader(client).readRolePermissions("web-task");

    expect(iam).toHaveReceivedNthCommandWith(ListAttachedRolePoliciesCommand, 2, {
      RoleName: "web-task",
      Marker: "page-2",
    });
    expect(iam).toHaveReceivedCommandWith(ListRolePoliciesCommand, {
      RoleName: "web-task",
      Marker: "inline-2",
    });
    expect(iam).toHaveReceivedCommandWith(GetPolicyVersionCommand, { PolicyArn: ORDERS, VersionId: "v7" });
    expect(permissions).toEqual({
      managedPolicyArns: [S3_READ, ORDERS],
      policies: [
        {
          kind: "inline",
          name: "logs",
          statements: [{ effect: "Allow", action: ["logs:*"], resource: ["*"], hasCondition: false }],
        },
        {
          kind: "inline",
          name: "queue",
          statements: [
            {
              sid: "Send",
              effect: "Allow",
              action: ["sqs:SendMessage"],
              resource: ["arn:aws:sqs:eu-west-1:123456789012:orders"],
              hasCondition: true,
            },
          ],
        },
        {
          kind: "managed",
          name: S3_READ,
          statements: [
            { effect: "Allow", action: ["s3:Get*", "s3:List*"], resource: ["*"], hasCondition: false },
          ],
        },
        {
          kind: "managed",
          name: ORDERS,
          statements: [
            { effect: "Deny", notAction: ["dynamodb:Get*"], notResource: ["*"], hasCondition: false },
          ],
        },
      ],
    });
  });

  it("reads a role once, and a managed policy once across the roles that attach it", async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: S3_READ }] });
    givenManagedPolicy(S3_READ, { Statement: [] });
    const reader = iamRoleReader(client);

    const [first, second, other] = await Promise.all([
      reader.readRolePermissions("web-task"),
      reader.readRolePermissions("web-task"),
      reader.readRolePermissions("worker-task"),
    ]);

    expect(second).toBe(first);
    expect(permissionsOf(other).managedPolicyArns).toEqual([S3_READ]);
    expect(iam).toHaveReceivedCommandTimes(ListAttachedRolePoliciesCommand, 2);
    expect(iam).toHaveReceivedCommandTimes(ListRolePoliciesCommand, 2);
    expect(iam).toHaveReceivedCommandTimes(GetPolicyCommand, 1);
    expect(iam).toHaveReceivedCommandTimes(GetPolicyVersionCommand, 1);
  });

  it("answers undefined for a role that does not exist", async () => {
    iam.on(ListAttachedRolePoliciesCommand).rejects(noSuchEntity());
    expect(await iamRoleReader(client).readRolePermissions("deleted-task")).toBeUndefined();
  });

  it("propagates any other error and forgets it, so the retried record reads again", async () => {
    iam
      .on(ListRolePoliciesCommand)
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }))
      .resolves({ PolicyNames: [] });
    const reader = iamRoleReader(client);
    await expect(reader.readRolePermissions("web-task")).rejects.toThrow("Rate exceeded");
    expect(permissionsOf(await reader.readRolePermissions("web-task")).policies).toEqual([]);
  });

  it("answers Unresolved for a role IAM does not let the guardrail read, since a retry would not help", async () => {
    iam.on(GetPolicyCommand).rejects(Object.assign(new Error("explicit deny"), { name: "AccessDenied" }));
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: ORDERS }] });
    expect(await iamRoleReader(client).readRolePermissions("web-task")).toEqual({
      unresolved: "IAM denies the guardrail reading the role's policies (AccessDenied)",
      at: "",
    });
  });

  it("leaves out a policy deleted between listing and reading it", async () => {
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["gone"] });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: ORDERS }] });
    iam.on(GetRolePolicyCommand).rejects(noSuchEntity());
    iam.on(GetPolicyCommand).rejects(noSuchEntity());
    expect(await iamRoleReader(client).readRolePermissions("web-task")).toEqual({
      managedPolicyArns: [ORDERS],
      policies: [],
    });
  });

  it("accepts a document the SDK already decoded, and marks one that is not JSON as unknown", async () => {
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["plain", "broken"] });
    iam.on(GetRolePolicyCommand, { PolicyName: "plain" }).resolves({
      PolicyDocument: JSON.stringify({ Statement: { Effect: "Allow", Action: "s3:*", Resource: "*" } }),
    });
    iam.on(GetRolePolicyCommand, { PolicyName: "broken" }).resolves({ PolicyDocument: "%7B%22Statement%22" });
    const { policies } = permissionsOf(await iamRoleReader(client).readRolePermissions("web-task"));
    expect(policies.map((policy) => policy.statements)).toEqual([
      [{ effect: "Allow", action: ["s3:*"], resource: ["*"], hasCondition: false }],
      { unresolved: "the policy document is not URL-encoded JSON", at: "" },
    ]);
  });
});
