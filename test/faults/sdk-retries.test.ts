import { createHash } from "node:crypto";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { BatchImportFindingsCommand } from "@aws-sdk/client-securityhub";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createEc2Client,
  createEcsClient,
  createIamClient,
  createSecurityHubClient,
  createSqsClient,
} from "../../shared/aws/clients.ts";
import { awsError, FAULT_KINDS, type FaultKind, type Persistence, type Service } from "./faults.ts";

/**
 * The layer under the fault matrix: the SDK clients every function uses (adaptive retry, 5 attempts) retry
 * throttling, 5xx and timeouts themselves, and neither access denied nor an aborted request. A fault that lasts one attempt never reaches
 * the handler; one that outlasts five attempts is what the matrix injects. The fault is injected below the retry
 * middleware, where the HTTP response would be deserialized, so the SDK's own retry strategy decides.
 */

vi.stubEnv("AWS_REGION", "eu-west-1");
// The requests are signed before the injected fault answers them.
vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

interface Sender {
  send(command: unknown): Promise<unknown>;
  middlewareStack: {
    add(middleware: (next: unknown) => (args: unknown) => Promise<unknown>, options: object): void;
  };
}

interface Call {
  readonly service: Service;
  readonly call: string;
  readonly client: () => Sender;
  readonly command: () => unknown;
  /** What the call answers once it succeeds (beyond its metadata). */
  readonly output?: Record<string, unknown>;
}

const DEAD_LETTER = "{not json";

const CALLS: readonly Call[] = [
  {
    service: "ecs",
    call: "DescribeServices",
    client: () => createEcsClient() as unknown as Sender,
    command: () => new DescribeServicesCommand({ cluster: "prod", services: ["checkout-api"] }),
  },
  {
    service: "ec2",
    call: "DescribeInstances",
    client: () => createEc2Client() as unknown as Sender,
    command: () => new DescribeInstancesCommand({ InstanceIds: ["i-07f6e5d4c3b2a1908"] }),
  },
  {
    service: "iam",
    call: "ListRolePolicies",
    client: () => createIamClient("eu-west-1") as unknown as Sender,
    command: () => new ListRolePoliciesCommand({ RoleName: "payments-worker-task" }),
  },
  {
    service: "securityhub",
    call: "BatchImportFindings",
    client: () => createSecurityHubClient() as unknown as Sender,
    command: () => new BatchImportFindingsCommand({ Findings: [] }),
  },
  {
    service: "sqs",
    call: "SendMessage",
    client: () => createSqsClient() as unknown as Sender,
    command: () =>
      new SendMessageCommand({
        QueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-guardrails-test-Dlq",
        MessageBody: DEAD_LETTER,
      }),
    // The SQS client checks the body's MD5 in the answer.
    output: {
      MessageId: "dead-letter-1",
      MD5OfMessageBody: createHash("md5").update(DEAD_LETTER).digest("hex"),
    },
  },
];

/** Answers the client's requests below its retry middleware: fails `failures` attempts, then succeeds. */
function injectBelowRetries(
  client: Sender,
  error: Error,
  failures: number,
  output: Record<string, unknown> = {},
): { attempts: () => number } {
  let attempts = 0;
  client.middlewareStack.add(
    () => async () => {
      attempts += 1;
      if (attempts <= failures) throw error;
      return {
        response: { statusCode: 200, headers: {} },
        output: { ...output, $metadata: { httpStatusCode: 200 } },
      };
    },
    { step: "deserialize", name: "injectFault", priority: "high" },
  );
  return { attempts: () => attempts };
}

/** Settles the send, running the SDK's backoff and rate-limiter waits on fake time. */
async function settle(sending: Promise<unknown>): Promise<{ ok: boolean; error?: unknown }> {
  const outcome = sending.then(
    () => ({ ok: true }),
    (error: unknown) => ({ ok: false, error }),
  );
  let settled: { ok: boolean; error?: unknown } | undefined;
  void outcome.then((value) => {
    settled = value;
  });
  while (settled === undefined) await vi.advanceTimersByTimeAsync(5_000);
  return settled;
}

const summary: string[] = [];

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  console.info(
    `SDK attempts per call (maxAttempts 5, adaptive):\n| call | fault | once | persistent |\n| --- | --- | --- | --- |\n${summary.join("\n")}`,
  );
});

describe("the SDK's own retries", () => {
  const cells = CALLS.flatMap((entry) => FAULT_KINDS.map((kind) => ({ ...entry, kind })));

  it.each(cells)("$service $call · $kind", async ({ service, call, client, command, kind, output }) => {
    const outcomes: Record<Persistence, string> = { once: "", persistent: "" };
    for (const persistence of ["once", "persistent"] as const) {
      const error = awsError(service, kind);
      const sender = client();
      const injected = injectBelowRetries(
        sender,
        error,
        persistence === "once" ? 1 : Number.POSITIVE_INFINITY,
        output,
      );
      const settled = await settle(sender.send(command()));
      outcomes[persistence] = `${injected.attempts()} attempt(s), ${settled.ok ? "ok" : "fails"}`;
      expectAttempts(kind, persistence, injected.attempts(), settled, error);
    }
    summary.push(`| ${service} ${call} | ${kind} | ${outcomes.once} | ${outcomes.persistent} |`);
  });
});

function expectAttempts(
  kind: FaultKind,
  persistence: Persistence,
  attempts: number,
  settled: { ok: boolean; error?: unknown },
  injectedError: Error,
): void {
  if (kind === "access denied" || kind === "aborted") {
    // Not retried by the SDK. Access denied: the reader skips the read (or, for Security Hub and SQS, the queue
    // retries the record). An aborted request: the queue retries the record.
    expect(attempts).toBe(1);
    expect((settled.error as Error).name).toBe(injectedError.name);
    return;
  }
  if (persistence === "once") {
    // Absorbed by the SDK: the handler never sees it.
    expect(attempts).toBe(2);
    expect(settled.ok).toBe(true);
    return;
  }
  // Five attempts, then the error reaches the handler: the fault matrix's "persistent".
  expect(attempts).toBe(5);
  expect(settled.ok).toBe(false);
  expect((settled.error as Error).name).toBe(injectedError.name);
}
