import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { type AwsSecurityFinding, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import type { GuardrailsConfig } from "../../shared/engine/config.ts";
import { containerInstanceReader } from "../../shared/hydrate/container-instance-reader.ts";
import { ecsStateReader } from "../../shared/hydrate/ecs-state-reader.ts";
import { iamRoleReader } from "../../shared/hydrate/iam-role-reader.ts";
import { inventoryReader } from "../../shared/hydrate/inventory-reader.ts";
import { unreadState } from "../../shared/hydrate/unread-state.ts";
import { eventBusSender } from "../../shared/runtime/event-bus-sender.ts";
import { inventorySweepRoute } from "../../shared/runtime/routes.ts";
import { runtimeRoute } from "../../shared/runtime/runtime-routes.ts";
import { createSqsHandler } from "../../shared/runtime/sqs-handler.ts";
import { eventFunctionConfig, lambdaContext, sqsEvent } from "./lambda.ts";
import {
  type Account,
  type CallCounts,
  type Fault,
  fakeEcs,
  fakeEventBus,
  fakeSecurityHub,
  scheduledEvent,
} from "./simulated-account.ts";

export const ecs = mockClient(ECSClient);
export const ec2 = mockClient(EC2Client);
export const iam = mockClient(IAMClient);
export const securityHub = mockClient(SecurityHubClient);
export const eventBridge = mockClient(EventBridgeClient);
export const sqs = mockClient(SQSClient);

export interface SweepRun {
  /** Findings as Security Hub holds them after the sweep, by id. */
  readonly store: Map<string, AwsSecurityFinding>;
  readonly calls: CallCounts;
  /** Steps by kind (`start` for the scheduled event), as the queue delivered them. */
  readonly steps: Map<string, number>;
  /** Records returned to the queue. */
  readonly retried: number;
  /** Steps the queue moved to its dead-letter queue after the route's maxReceiveCount receives. */
  readonly deadLettered: readonly unknown[];
}

/**
 * Runs a whole sweep of the account as the deployed stack would: the schedule's event, then every step it sends
 * itself through the event bus, each delivered alone (batch size 1) to the InventorySweep handler with the
 * deployed readers, until no step is left. Failed records are delivered again.
 */
export async function runSweep(
  account: Account,
  options: {
    store?: Map<string, AwsSecurityFinding>;
    config?: GuardrailsConfig;
    startedAt?: string;
    /** The deployed function's handler instead of one wired the same way that never waits between calls. */
    handler?: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    /** Mocks to add once the fakes are in place. */
    arrange?: () => void;
    /** The error a fake call throws (throttling, an outage, a denial), by operation and earlier calls. */
    fault?: Fault;
  } = {},
): Promise<SweepRun> {
  for (const client of [ecs, ec2, iam, securityHub, eventBridge, sqs]) client.reset();
  const store = options.store ?? new Map<string, AwsSecurityFinding>();
  const calls: CallCounts = new Map();
  const queue: unknown[] = [scheduledEvent(options.startedAt ?? new Date().toISOString())];
  fakeEcs(ecs, account, calls, options.fault);
  fakeSecurityHub(securityHub, store, calls, options.fault);
  fakeEventBus(eventBridge, queue, calls, options.fault);
  options.arrange?.();
  const handler =
    options.handler ??
    createSqsHandler({
      route: runtimeRoute("InventorySweep"),
      config: eventFunctionConfig("InventorySweep", options.config),
      clients: { securityHub: new SecurityHubClient({}), sqs: new SQSClient({}) },
      readState: () => {
        const ecsClient = new ECSClient({});
        return {
          ...unreadState("the test reads nothing else"),
          ...ecsStateReader(ecsClient),
          ...iamRoleReader(new IAMClient({})),
          ...containerInstanceReader(new EC2Client({}), ecsClient),
          inventory: inventoryReader(ecsClient, new SecurityHubClient({})),
        };
      },
      followUps: eventBusSender(new EventBridgeClient({})),
      sleep: async () => undefined,
    });
  const steps = new Map<string, number>();
  const deadLettered: unknown[] = [];
  const receives = new Map<unknown, number>();
  let retried = 0;
  while (queue.length > 0) {
    const event = queue.shift() as { detail: { step?: string } };
    const step = event.detail.step ?? "start";
    steps.set(step, (steps.get(step) ?? 0) + 1);
    const receive = (receives.get(event) ?? 0) + 1;
    receives.set(event, receive);
    const delivery = sqsEvent([event]);
    for (const record of delivery.Records) record.attributes.ApproximateReceiveCount = String(receive);
    const response = await handler(delivery, lambdaContext());
    if (response.batchItemFailures.length === 0) continue;
    retried += 1;
    // SQS's redrive policy moves a message received maxReceiveCount times to the dead-letter queue.
    if (receive >= inventorySweepRoute.maxReceiveCount) deadLettered.push(event);
    else queue.push(event);
  }
  return { store, calls, steps, retried, deadLettered };
}
