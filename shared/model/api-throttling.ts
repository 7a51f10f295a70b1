import { partitionOf } from "./arns.ts";
import { member, type Node, root } from "./read.ts";

/** One call ECS made on the user's behalf that was throttled, as its CloudTrail record tells it. */
export interface ThrottledCall {
  readonly account: string;
  readonly region: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventId: string;
  /** When the call was made, ISO 8601. */
  readonly time: string;
  readonly errorCode: string;
  /** `userIdentity.arn`: the role session ECS called with. */
  readonly caller: string | undefined;
  readonly requestParameters: unknown;
}

/** What the aggregation reads of an "AWS API Call via CloudTrail" event of a throttled call (the route's schema checks it). */
export interface ThrottledCallEvent {
  readonly account: string;
  readonly region: string;
  readonly time: string;
  readonly detail: {
    readonly eventSource: string;
    readonly eventName: string;
    readonly eventID: string;
    readonly eventTime?: string | undefined;
    readonly errorCode: string;
    readonly userIdentity?: { readonly arn?: string | undefined } | undefined;
    readonly requestParameters?: unknown;
  };
}

/** The call an event records. Its region is where EventBridge delivered it: the call's, and its finding's. */
export function throttledCallFrom({ account, region, time, detail }: ThrottledCallEvent): ThrottledCall {
  return {
    account,
    region,
    eventSource: detail.eventSource,
    eventName: detail.eventName,
    eventId: detail.eventID,
    time: detail.eventTime ?? time,
    errorCode: detail.errorCode,
    caller: detail.userIdentity?.arn,
    requestParameters: detail.requestParameters,
  };
}

/**
 * The throttled calls to one API (event source and name) in one account and region, counted over one batch of
 * events: the count, when, with which error codes, by whom, and what the requests were about where they say it.
 * Lists are distinct and sorted.
 */
export interface ApiThrottling {
  readonly kind: "ApiThrottling";
  /** `arn:<partition>:ecs-guardrails:<region>:<account>:throttling/<eventSource>/<eventName>` (see throttlingArn). */
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly throttledCalls: number;
  readonly firstCallAt: string;
  readonly lastCallAt: string;
  /** The latest call's CloudTrail event id. */
  readonly lastEventId: string;
  readonly errorCodes: readonly string[];
  readonly callers: readonly string[];
  readonly targetGroups: readonly string[];
  readonly cloudMapServices: readonly string[];
  readonly subnets: readonly string[];
  /** `cluster/service` (or the service alone) from the ECS attributes of a Cloud Map registration. */
  readonly ecsServices: readonly string[];
  /** An API has no tags: only the config file's exemptions, by resource id, apply to it. */
  readonly tags: undefined;
}

/**
 * The resource id of an API's throttling: ARN-shaped so Security Hub shows it like any resource, in the
 * `ecs-guardrails` namespace so it can never be taken for a real AWS resource, and the same for every batch,
 * so each batch updates the same finding.
 */
export function throttlingArn(
  account: string,
  region: string,
  eventSource: string,
  eventName: string,
): string {
  return `arn:${partitionOf(region)}:ecs-guardrails:${region}:${account}:throttling/${eventSource}/${eventName}`;
}

/** Aggregates throttled calls per account, region and API; sorted by API, then region. Pure. */
export function apiThrottlingsFrom(calls: readonly ThrottledCall[]): ApiThrottling[] {
  const groups = new Map<string, [ThrottledCall, ...ThrottledCall[]]>();
  for (const call of calls) {
    const key = throttlingArn(call.account, call.region, call.eventSource, call.eventName);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [call]);
    else group.push(call);
  }
  return [...groups.entries()]
    .map(([arn, group]) => throttlingOf(arn, group))
    .sort((left, right) =>
      compareText(
        `${left.eventSource}/${left.eventName}/${left.region}/${left.account}`,
        `${right.eventSource}/${right.eventName}/${right.region}/${right.account}`,
      ),
    );
}

function throttlingOf(arn: string, calls: readonly [ThrottledCall, ...ThrottledCall[]]): ApiThrottling {
  // Of calls made at the same time, the later record counts as the later call.
  const first = calls.reduce((earliest, call) => (timeOf(call) < timeOf(earliest) ? call : earliest));
  const last = calls.reduce((latest, call) => (timeOf(call) >= timeOf(latest) ? call : latest));
  const requests = calls.map((call) => root(call.requestParameters));
  return {
    kind: "ApiThrottling",
    arn,
    account: first.account,
    region: first.region,
    eventSource: first.eventSource,
    eventName: first.eventName,
    throttledCalls: calls.length,
    firstCallAt: first.time,
    lastCallAt: last.time,
    lastEventId: last.eventId,
    errorCodes: distinct(calls.map((call) => call.errorCode)),
    callers: distinct(calls.map((call) => call.caller)),
    targetGroups: distinct(requests.map((request) => textAt(request, "targetGroupArn"))),
    cloudMapServices: distinct(requests.map((request) => textAt(request, "serviceId"))),
    subnets: distinct(requests.map((request) => textAt(request, "subnetId"))),
    ecsServices: distinct(requests.map(ecsServiceOf)),
    tags: undefined,
  };
}

function timeOf(call: ThrottledCall): number {
  return Date.parse(call.time);
}

/** The request members CloudTrail records (in camelCase) that say what a throttled call was about. */
interface RecordedRequest {
  /** Elastic Load Balancing: RegisterTargets, DeregisterTargets, DescribeTargetHealth. */
  targetGroupArn: string;
  /** Cloud Map: RegisterInstance, DeregisterInstance, GetInstancesHealthStatus, ListInstances. */
  serviceId: string;
  /** EC2: CreateNetworkInterface. */
  subnetId: string;
  /** Cloud Map RegisterInstance: the instance attributes, where ECS writes the cluster and service it registers for. */
  attributes: Readonly<Record<EcsInstanceAttribute, string>>;
}

type EcsInstanceAttribute = "ECS_CLUSTER_NAME" | "ECS_SERVICE_NAME";

type RecordedMembers = RecordedRequest & Record<EcsInstanceAttribute, string>;

function ecsServiceOf(request: Node): string | undefined {
  const attributes = member<RecordedRequest>(request, "attributes");
  const service = textAt(attributes, "ECS_SERVICE_NAME");
  if (service === undefined) return undefined;
  const cluster = textAt(attributes, "ECS_CLUSTER_NAME");
  return cluster === undefined ? service : `${cluster}/${service}`;
}

/** A non-empty string member, or nothing: a mistyped value names nothing. */
function textAt(node: Node, key: keyof RecordedMembers): string | undefined {
  const { value } = member<RecordedMembers>(node, key);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))].sort(compareText);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A finding names at most five values of a list, in at most 900 characters: ASFF caps a detail at 1,023. */
const NAMED_VALUES = 5;
const NAMED_CHARACTERS = 900;

/** The values of a list a finding names, then how many it leaves out (`"7 more"`). */
export function namedInFinding(values: readonly string[]): string[] {
  const named: string[] = [];
  let characters = 0;
  for (const value of values) {
    characters += value.length + 1;
    if (named.length === NAMED_VALUES || characters > NAMED_CHARACTERS) break;
    named.push(value);
  }
  const left = values.length - named.length;
  return left === 0 ? named : [...named, `${left} more`];
}

/** The throttling as its finding's details show it, every list cut to what a finding names. */
export function apiThrottlingDocument(throttling: ApiThrottling): Record<string, unknown> {
  return {
    eventSource: throttling.eventSource,
    eventName: throttling.eventName,
    region: throttling.region,
    throttledCalls: throttling.throttledCalls,
    firstCallAt: throttling.firstCallAt,
    lastCallAt: throttling.lastCallAt,
    errorCodes: namedInFinding(throttling.errorCodes),
    callers: namedInFinding(throttling.callers),
    targetGroups: namedInFinding(throttling.targetGroups),
    cloudMapServices: namedInFinding(throttling.cloudMapServices),
    subnets: namedInFinding(throttling.subnets),
    ecsServices: namedInFinding(throttling.ecsServices),
  };
}
