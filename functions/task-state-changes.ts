// ECS Task State Change events (source aws.ecs), RUNNING and STOPPED only, delivered by EventBridge through the
// TaskStateChanges queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
import { routeHandler } from "../shared/runtime/route-handler.ts";

export const handler = routeHandler("TaskStateChanges");
