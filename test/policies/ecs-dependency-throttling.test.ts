import {
  type ApiThrottling,
  apiThrottlingsFrom,
  type ThrottledCall,
  throttledCallFrom,
} from "../../shared/model/api-throttling.ts";
import ecsDependencyThrottling from "../../shared/policies/ecs-dependency-throttling.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleEvent } from "../helpers/samples.ts";

const ELB = "elasticloadbalancing.amazonaws.com";
const TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/0123456789abcdef`;

/** The throttling of one API, aggregated (with the real aggregation) from `count` calls like `call`. */
function throttling(count: number, call: Partial<ThrottledCall> = {}): ApiThrottling {
  const calls = Array.from({ length: count }, (_, index) => ({
    account: ACCOUNT,
    region: REGION,
    eventSource: ELB,
    eventName: "RegisterTargets",
    eventId: `event-${index}`,
    time: `2026-11-24T14:00:${String(index).padStart(2, "0")}Z`,
    errorCode: "ThrottlingException",
    caller: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForECS/ecs-service-scheduler`,
    requestParameters: null,
    ...call,
  }));
  const [aggregate] = apiThrottlingsFrom(calls);
  if (aggregate === undefined) throw new Error("no calls, no throttling");
  return aggregate;
}

/** The throttling a sample of events/samples/throttles records, through the route's own reading of it. */
function fromSample(name: string): ApiThrottling {
  const [aggregate] = apiThrottlingsFrom([throttledCallFrom(sampleEvent(`throttles/${name}`) as never)]);
  if (aggregate === undefined) throw new Error(`sample ${name} records no throttled call`);
  return aggregate;
}

const throttled = (data: Record<string, string | number>) => ({
  messageId: "throttled" as const,
  path: "/throttledCalls",
  data,
});

policyTester.run(ecsDependencyThrottling, {
  valid: [
    {
      name: "fewer throttled calls in the batch than the configured minimum",
      resource: throttling(4),
      parameters: { minimumThrottledCalls: 5 },
    },
    {
      name: "one throttled call, when only storms are reported",
      resource: fromSample("register-targets-throttled"),
      parameters: { minimumThrottledCalls: 2 },
    },
  ],
  invalid: [
    {
      name: "one throttled call: by default every throttle is reported",
      resource: throttling(1),
      violations: [
        throttled({
          count: 1,
          eventName: "RegisterTargets",
          eventSource: ELB,
          region: REGION,
          errorCodes: "ThrottlingException",
          first: "2026-11-24T14:00:00Z",
          last: "2026-11-24T14:00:00Z",
        }),
      ],
    },
    {
      name: "exactly the configured minimum",
      resource: throttling(5),
      parameters: { minimumThrottledCalls: 5 },
      violations: [
        throttled({
          count: 5,
          eventName: "RegisterTargets",
          eventSource: ELB,
          region: REGION,
          errorCodes: "ThrottlingException",
          first: "2026-11-24T14:00:00Z",
          last: "2026-11-24T14:00:04Z",
        }),
      ],
    },
    {
      name: "the calls' target groups, named",
      resource: throttling(3, { requestParameters: { targetGroupArn: TARGET_GROUP } }),
      violations: [
        throttled({
          count: 3,
          eventName: "RegisterTargets",
          eventSource: ELB,
          region: REGION,
          errorCodes: "ThrottlingException",
          first: "2026-11-24T14:00:00Z",
          last: "2026-11-24T14:00:02Z",
        }),
        { messageId: "targetGroups", path: "/targetGroups", data: { names: TARGET_GROUP } },
      ],
    },
    {
      name: "many Cloud Map services: five named, and how many more",
      resource: {
        ...throttling(7, { eventSource: "servicediscovery.amazonaws.com", eventName: "RegisterInstance" }),
        cloudMapServices: ["srv-1", "srv-2", "srv-3", "srv-4", "srv-5", "srv-6", "srv-7"],
      },
      violations: [
        throttled({
          count: 7,
          eventName: "RegisterInstance",
          eventSource: "servicediscovery.amazonaws.com",
          region: REGION,
          errorCodes: "ThrottlingException",
          first: "2026-11-24T14:00:00Z",
          last: "2026-11-24T14:00:06Z",
        }),
        {
          messageId: "cloudMapServices",
          path: "/cloudMapServices",
          data: { names: "srv-1, srv-2, srv-3, srv-4, srv-5, 2 more" },
        },
      ],
    },
    {
      name: "real sample: a throttled CreateNetworkInterface names its subnet",
      resource: fromSample("create-network-interface-throttled"),
      violations: [
        throttled({
          count: 1,
          eventName: "CreateNetworkInterface",
          eventSource: "ec2.amazonaws.com",
          region: REGION,
          errorCodes: "Client.RequestLimitExceeded",
          first: "2026-11-24T14:02:11Z",
          last: "2026-11-24T14:02:11Z",
        }),
        { messageId: "subnets", path: "/subnets", data: { names: "subnet-0a1b2c3d4e5f60718" } },
      ],
    },
    {
      name: "real sample: a throttled RegisterInstance names the Cloud Map service and the ECS service",
      resource: fromSample("register-instance-throttled"),
      violations: [
        throttled({
          count: 1,
          eventName: "RegisterInstance",
          eventSource: "servicediscovery.amazonaws.com",
          region: REGION,
          errorCodes: "ThrottlingException",
          first: "2026-11-24T14:02:31Z",
          last: "2026-11-24T14:02:31Z",
        }),
        { messageId: "cloudMapServices", path: "/cloudMapServices", data: { names: "srv-4yxo3pu7kfqhnhpd" } },
        { messageId: "ecsServices", path: "/ecsServices", data: { names: "prod/checkout-api" } },
      ],
    },
    {
      name: "real sample: the ECS guide's DescribeTargetHealth record, which names no target group",
      resource: fromSample("describe-target-health-throttled-guide-example"),
      violations: [
        throttled({
          count: 1,
          eventName: "DescribeTargetHealth",
          eventSource: ELB,
          region: "us-east-1",
          errorCodes: "ThrottlingException",
          first: "2022-03-21T08:11:24Z",
          last: "2022-03-21T08:11:24Z",
        }),
      ],
    },
    {
      name: "real sample: a throttled DescribeNetworkInterfaces, a read-only call",
      resource: fromSample("describe-network-interfaces-throttled"),
      violations: [
        throttled({
          count: 1,
          eventName: "DescribeNetworkInterfaces",
          eventSource: "ec2.amazonaws.com",
          region: REGION,
          errorCodes: "Client.RequestLimitExceeded",
          first: "2026-11-24T14:02:13Z",
          last: "2026-11-24T14:02:13Z",
        }),
      ],
    },
  ],
});
