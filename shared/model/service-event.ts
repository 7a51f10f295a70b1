import { member, readList, readString, root } from "./read.ts";
import type { Resolvable } from "./resolvable.ts";
import { type Field, list, type RecordOf, readFields, text } from "./shape.ts";

/**
 * The EventBridge envelope and `detail` of the native ECS events about a service ("ECS Service Action",
 * "ECS Deployment State Change"), as the ECS developer guide and the EventBridge schema registry document them.
 * No SDK type describes events, so this stands in for one.
 */
interface ServiceEventEnvelope {
  "detail-type": string;
  resources: string[];
  detail: ServiceEventDetail;
}

interface ServiceEventDetail {
  eventType: string;
  eventName: string;
  reason: string;
  deploymentId: string;
  clusterArn: string;
  capacityProviderArns: string[];
  containerInstanceArns: string[];
  taskArns: string[];
  serviceRegistryArns: string[];
  targetGroupArns: string[];
}

/** What policies read of the event's `detail`: what ECS reported, and the resources it names as the cause. */
export const serviceEventFields = {
  eventName: text,
  reason: text,
  deploymentId: text,
  clusterArn: text,
  capacityProviderArns: list(text),
  containerInstanceArns: list(text),
  taskArns: list(text),
  serviceRegistryArns: list(text),
  targetGroupArns: list(text),
} satisfies Partial<Record<keyof ServiceEventDetail, Field<unknown>>>;

/**
 * What ECS reported about a service in one event: the event's `detail` fields, flattened (evidence paths
 * point into `detail`), and which kind of event it was. The service it is about is `arn`.
 */
export type ServiceEvent = {
  readonly kind: "ServiceEvent";
  /** The service's ARN: the first of the event's `resources`. */
  readonly arn: string | undefined;
  /** `ECS Service Action` or `ECS Deployment State Change`. */
  readonly detailType: Resolvable<string | undefined>;
  /** Events carry no tags: only the config file's exemptions, by the service's ARN, apply. */
  readonly tags: undefined;
} & RecordOf<typeof serviceEventFields>;

/** An "ECS Service Action" or "ECS Deployment State Change" event as EventBridge delivers it. */
export function serviceEventFromEvent(event: unknown): ServiceEvent {
  const envelope = root(event);
  const resources = readList(member<ServiceEventEnvelope>(envelope, "resources"));
  const first = Array.isArray(resources) ? resources[0] : undefined;
  const arn = first === undefined ? undefined : readString(first);
  return {
    kind: "ServiceEvent",
    arn: typeof arn === "string" ? arn : undefined,
    detailType: readString(member<ServiceEventEnvelope>(envelope, "detail-type")),
    tags: undefined,
    ...readFields(serviceEventFields, root(member<ServiceEventEnvelope>(envelope, "detail").value)),
  };
}

/** `arn:<partition>:ecs:<region>:<account>:service/<cluster>/<name>`, or `…:service/<name>` in the old format. */
const SERVICE_ARN = /^(arn:[^:]+:ecs:[^:]+:\d{12}):service\/(?:([^/]+)\/)?([^/]+)$/;

/** The service an event is about in DescribeServices' field names, for its finding's `AwsEcsService` details. */
export interface ServiceOfEvent {
  readonly serviceArn?: string;
  readonly serviceName?: string;
  readonly clusterArn?: string;
}

/**
 * The service's ARN, name and cluster: deployment events name no cluster, but a new-format service ARN
 * carries the cluster's name, from which its ARN follows.
 */
export function serviceOfEvent({ arn, clusterArn }: ServiceEvent): ServiceOfEvent {
  const match = arn === undefined ? null : SERVICE_ARN.exec(arn);
  const [, prefix, clusterName, serviceName] = match ?? [];
  const cluster =
    typeof clusterArn === "string"
      ? clusterArn
      : prefix !== undefined && clusterName !== undefined
        ? `${prefix}:cluster/${clusterName}`
        : undefined;
  return {
    ...(arn === undefined ? {} : { serviceArn: arn }),
    ...(serviceName === undefined ? {} : { serviceName }),
    ...(cluster === undefined ? {} : { clusterArn: cluster }),
  };
}
