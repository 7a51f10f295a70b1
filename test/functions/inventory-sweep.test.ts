import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it, vi } from "vitest";
import { inventorySweepRoute } from "../../shared/runtime/routes.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import {
  addCluster,
  addContainerInstance,
  addRevision,
  addService,
  addTask,
  emptyAccount,
  scheduledEvent,
} from "../helpers/simulated-account.ts";
import { ec2, ecs, eventBridge, iam, runSweep, securityHub, sqs } from "../helpers/sweep-driver.ts";

vi.stubEnv(
  "DEAD_LETTER_QUEUE_URL",
  "https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-guardrails-test-InventorySweepDlq",
);
vi.stubEnv("AWS_REGION", REGION);
vi.stubEnv("POWERTOOLS_LOG_LEVEL", "ERROR");

const { handler } = await import("../../functions/inventory-sweep.ts");

const INSTANCE_ID = "i-0a1b2c3d4e5f60718";
const encoded = (document: object) => encodeURIComponent(JSON.stringify(document));

/** One cluster holding one of everything the sweep reads: a service whose revision has a task role, a task, an instance with a public IP. */
function smallAccount() {
  const account = emptyAccount();
  addCluster(account, "payments");
  const revision = addRevision(account, "checkout", 1);
  const described = account.revisions.get(revision);
  if (described !== undefined) described.taskRoleArn = `arn:aws:iam::${ACCOUNT}:role/checkout-task`;
  addService(account, "payments", "checkout", revision);
  addTask(account, "payments", "0f1e2d3c", revision);
  addContainerInstance(account, "payments", "0d9e8f7a", INSTANCE_ID);
  return account;
}

function arrange() {
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [{ Instances: [{ InstanceId: INSTANCE_ID, PublicIpAddress: "203.0.113.25" }] }],
  });
  iam.on(ListAttachedRolePoliciesCommand).resolves({
    AttachedPolicies: [{ PolicyName: "read", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/read` }],
  });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["inline"] });
  iam.on(GetRolePolicyCommand).resolves({
    RoleName: "checkout-task",
    PolicyName: "inline",
    PolicyDocument: encoded({
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }],
    }),
  });
  iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: "v1" } });
  iam.on(GetPolicyVersionCommand).resolves({
    PolicyVersion: {
      Document: encoded({ Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] }),
    },
  });
  sqs.on(SendMessageCommand).resolves({});
}

describe("functions/inventory-sweep", () => {
  it("makes exactly the calls its route allows, no more", async () => {
    const run = await runSweep(smallAccount(), { handler, arrange });
    // A step that is no step of a sweep: dead-lettered with its reason, never retried.
    const response = await handler(
      sqsEvent([
        {
          ...scheduledEvent("2026-11-24T03:00:00Z"),
          source: "ecs-guardrails.sweep",
          "detail-type": "ECS Guardrails Sweep Step",
          detail: { step: "nothing" },
        },
      ]),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(run.retried).toBe(0);

    const sent = new Set<string>();
    recordSentActions(sent, { ecs, ec2, iam, securityhub: securityHub, events: eventBridge, sqs });
    await expectExactlyAllowed(sent, inventorySweepRoute.permissions);
  });
});
