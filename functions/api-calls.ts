// ECS API calls recorded by CloudTrail ("AWS API Call via CloudTrail", source aws.ecs), delivered by
// EventBridge through the ApiCalls queue: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
import { routeHandler } from "../shared/runtime/route-handler.ts";

export const handler = routeHandler("ApiCalls");
