import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";

/**
 * Faults as the SDK surfaces them once its own retries (adaptive, 5 attempts) are spent: a service error with the
 * service's error code, the socket timeout of the HTTP handler, or a request aborted before it was answered.
 */
export type FaultKind = "throttling" | "5xx" | "timeout" | "aborted" | "access denied";

export const FAULT_KINDS: readonly FaultKind[] = ["throttling", "5xx", "timeout", "aborted", "access denied"];

export type Service = "ecs" | "ec2" | "iam" | "securityhub" | "sqs";

type ErrorCode = readonly [code: string, status: number];

/** Faults the SDK raises itself, the same for every service: no response came (status 0). */
const SDK_FAULTS: Record<"timeout" | "aborted", ErrorCode> = {
  timeout: ["TimeoutError", 0],
  aborted: ["AbortError", 0],
};

/** Each service's error code and HTTP status per fault, as its API model and documentation name them. */
const ERROR_CODES: Record<Service, Record<FaultKind, ErrorCode>> = {
  ecs: {
    throttling: ["ThrottlingException", 400],
    "5xx": ["ServerException", 500],
    ...SDK_FAULTS,
    "access denied": ["AccessDeniedException", 400],
  },
  ec2: {
    throttling: ["RequestLimitExceeded", 503],
    "5xx": ["InternalError", 500],
    ...SDK_FAULTS,
    "access denied": ["UnauthorizedOperation", 403],
  },
  iam: {
    throttling: ["Throttling", 400],
    "5xx": ["ServiceFailure", 500],
    ...SDK_FAULTS,
    "access denied": ["AccessDenied", 403],
  },
  securityhub: {
    throttling: ["LimitExceededException", 429],
    "5xx": ["InternalException", 500],
    ...SDK_FAULTS,
    "access denied": ["AccessDeniedException", 403],
  },
  sqs: {
    throttling: ["RequestThrottled", 403],
    "5xx": ["ServiceUnavailable", 503],
    ...SDK_FAULTS,
    "access denied": ["AccessDenied", 403],
  },
};

/** The error a call of `service` rejects with for `kind`: a timeout carries no HTTP response. */
export function awsError(service: Service, kind: FaultKind): Error {
  const [code, status] = ERROR_CODES[service][kind];
  const error = new Error(`${kind} injected into ${service} (${code})`);
  error.name = code;
  if (status === 0) return error;
  return Object.assign(error, {
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, attempts: 5 },
  });
}

/** How long a fault lasts: the first call only, or every call. */
export type Persistence = "once" | "persistent";

/** A fault that fails the calls it covers, and otherwise lets them through to the healthy answer. */
export function injected<Input, Output>(
  error: Error,
  persistence: Persistence,
  healthy: (input: Input) => Output | Promise<Output>,
): (input: Input) => Promise<Output> {
  let failed = 0;
  return async (input) => {
    if (persistence === "persistent" || failed === 0) {
      failed += 1;
      throw error;
    }
    return healthy(input);
  };
}

/** A message of the source queue: its id, and its body (an event, or raw text). */
export interface QueueMessage {
  readonly id: string;
  readonly body: unknown;
}

export interface DrainResult {
  /** How many times each message was received. */
  readonly receives: ReadonlyMap<string, number>;
  /** Messages the handler acknowledged: SQS deleted them. */
  readonly deleted: ReadonlySet<string>;
  /** Messages SQS's redrive policy moved to the dead-letter queue: they failed their `maxReceiveCount`-th receive. */
  readonly redriven: ReadonlySet<string>;
  /** The handler's responses, one per receive. */
  readonly responses: readonly SQSBatchResponse[];
}

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Runs the queue until it is empty, as Lambda's event source mapping and SQS do: every receive delivers the
 * messages still in the queue with their receive count; a message the response does not name is deleted; a message
 * it names stays, unless that was its `maxReceiveCount`-th receive, when the redrive policy moves it to the DLQ
 * (SQS moves a message whose receive count would exceed `maxReceiveCount`).
 */
export async function drain(
  handler: SqsHandler,
  messages: readonly QueueMessage[],
  maxReceiveCount: number,
): Promise<DrainResult> {
  const receives = new Map(messages.map((message) => [message.id, 0]));
  const deleted = new Set<string>();
  const redriven = new Set<string>();
  const responses: SQSBatchResponse[] = [];
  let queued = [...messages];
  while (queued.length > 0) {
    for (const message of queued) receives.set(message.id, (receives.get(message.id) ?? 0) + 1);
    const event = sqsEvent(queued.map((message) => message.body));
    event.Records.forEach((record, index) => {
      const message = queued[index] as QueueMessage;
      record.messageId = message.id;
      record.attributes.ApproximateReceiveCount = String(receives.get(message.id));
    });
    const response = await handler(event, lambdaContext());
    responses.push(response);
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const remaining: QueueMessage[] = [];
    for (const message of queued) {
      if (!failed.has(message.id)) deleted.add(message.id);
      else if ((receives.get(message.id) ?? 0) >= maxReceiveCount) redriven.add(message.id);
      else remaining.push(message);
    }
    queued = remaining;
  }
  return { receives, deleted, redriven, responses };
}
