// ECS native "ECS Container Instance State Change" events, delivered by EventBridge through the
// ContainerInstanceStateChanges queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html
import { routeHandler } from "../shared/runtime/route-handler.ts";

export const handler = routeHandler("ContainerInstanceStateChanges");
