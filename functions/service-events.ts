// ECS native events about services ("ECS Deployment State Change", "ECS Service Action"), delivered by
// EventBridge through the ServiceEvents queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html
import { routeHandler } from "../shared/runtime/route-handler.ts";

// The events say all the policies judge: nothing is read.
export const handler = routeHandler("ServiceEvents");
