import {
  createEc2Client,
  createEcsClient,
  createIamClient,
  createSecurityHubClient,
  createSqsClient,
} from "../aws/clients.ts";
import { policies } from "../policies/index.ts";
import { runtimeConfig } from "./config.ts";
import { runtimeRoute } from "./runtime-routes.ts";
import { createSqsHandler } from "./sqs-handler.ts";

/**
 * The Lambda handler of one route, as every function deploys it: the environment read once at cold start,
 * clients at module scope (reused across invocations), and the route's evaluators. Clients the route's
 * evaluators never use cost nothing: SDK clients open no connection until their first call.
 */
export function routeHandler(routeId: string) {
  const config = runtimeConfig(policies);
  return createSqsHandler({
    route: runtimeRoute(routeId),
    config,
    clients: {
      ec2: createEc2Client(),
      ecs: createEcsClient(),
      iam: createIamClient(config.region),
      securityHub: createSecurityHubClient(),
      sqs: createSqsClient(),
    },
  });
}
