import { createEventBridgeClient, createSecurityHubClient, createSqsClient } from "../aws/clients.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import { unreadState } from "../hydrate/unread-state.ts";
import { policies } from "../policies/index.ts";
import { runtimeConfig } from "./config.ts";
import { eventBusSender } from "./event-bus-sender.ts";
import { runtimeRoute } from "./runtime-routes.ts";
import { createSqsHandler } from "./sqs-handler.ts";

/**
 * Creates, once per cold start, the clients a route reads with, and returns the reader to make for each batch
 * (its caches last as long as the batch). Only what it reads is spread over a reader that reads nothing.
 */
export type StateReaders = (region: string) => () => Partial<StateReader>;

/**
 * The Lambda handler of one route, as every function deploys it: the environment read once at cold start,
 * clients at module scope (reused across invocations), and the route's evaluators. Each function names the
 * readers its route needs, so its bundle holds only those AWS clients.
 */
export function routeHandler(routeId: string, readers: StateReaders = () => () => ({})) {
  const config = runtimeConfig(policies);
  const unread = unreadState(`the ${routeId} function does not read this`);
  const readState = readers(config.region);
  return createSqsHandler({
    route: runtimeRoute(routeId),
    config,
    clients: { securityHub: createSecurityHubClient(), sqs: createSqsClient() },
    readState: () => ({ ...unread, ...readState() }),
    // The sweep's steps and remediation requests go to the default event bus.
    followUps: eventBusSender(createEventBridgeClient()),
  });
}
