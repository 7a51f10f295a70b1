import * as z from "zod/mini";

/**
 * `resources` of a service's native ECS events (service actions, deployment state changes): the service's ARN
 * first, which is what their findings are about. Old-format ARNs (`service/<name>`) name no cluster.
 */
export const serviceEventResources = z.tuple(
  [
    z
      .string()
      .check(
        z.regex(
          /^arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}:service\/[^/]+(\/[^/]+)?$/,
          "expected the service's ARN first in resources",
        ),
      ),
  ],
  z.string(),
);
