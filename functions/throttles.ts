// Calls ECS made on the user's behalf to EC2, Elastic Load Balancing and Cloud Map that were throttled, as CloudTrail
// records them ("AWS API Call via CloudTrail"), delivered by EventBridge through the Throttles queue:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/operating-at-scale-dealing-with-throttles.html
import { routeHandler } from "../shared/runtime/route-handler.ts";

// The events say all the policy judges: nothing is read.
export const handler = routeHandler("Throttles");
