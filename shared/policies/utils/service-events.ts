import { nameOf } from "../../model/arns.ts";
import { isUnresolved, type Resolvable, type Unresolved } from "../../model/resolvable.ts";
import type { ServiceEvent } from "../../model/service-event.ts";
import { notApplicable, type Observation, undecided, unknown, violation } from "../define-policy.ts";

const SERVICE_ACTION = "ECS Service Action";
export const DEPLOYMENT_STATE_CHANGE = "ECS Deployment State Change";

/** The service action that ends every problem a service action reported. */
const STEADY_STATE = "SERVICE_STEADY_STATE";

export const EVENT_NAME_PATH = "/eventName";

/** How a service-action policy reads one of its problem events: FAILED, or UNKNOWN where ECS itself cannot tell. */
export interface ServiceActionProblem<MessageId extends string> {
  readonly outcome: "violation" | "unknown";
  readonly messageId: MessageId;
}

/**
 * A service-action policy's verdict on one event: its problem events fail (or are unknown). SERVICE_STEADY_STATE
 * passes: the service is healthy and at its desired count, so whatever ECS reported before is over. Any other
 * event is not applicable and publishes nothing, leaving the service's finding as it was.
 */
export function judgeServiceAction<MessageId extends string>(
  event: ServiceEvent,
  problems: Readonly<Record<string, ServiceActionProblem<MessageId>>>,
  otherEvent: MessageId,
): Observation<MessageId>[] {
  const { detailType, eventName } = event;
  if (isUnresolved(detailType)) return [undecided(detailType)];
  if (isUnresolved(eventName)) return [undecided(eventName)];
  if (detailType !== SERVICE_ACTION || eventName === undefined) return [notApplicable(otherEvent)];
  if (eventName === STEADY_STATE) return [];
  const problem = Object.hasOwn(problems, eventName) ? problems[eventName] : undefined;
  if (problem === undefined) return [notApplicable(otherEvent)];
  const data = { eventName, evidence: describeCause(event) };
  return [
    problem.outcome === "violation"
      ? violation(problem.messageId, EVENT_NAME_PATH, data)
      : unknown(problem.messageId, EVENT_NAME_PATH, data),
  ];
}

/** The resources a service action may name as the cause, and what a person calls them. */
const NAMED_RESOURCES = [
  ["capacityProviderArns", "capacity providers"],
  ["containerInstanceArns", "container instances"],
  ["taskArns", "tasks"],
  ["serviceRegistryArns", "Cloud Map services"],
  ["targetGroupArns", "target groups"],
] as const satisfies readonly (readonly [keyof ServiceEvent, string])[];

/**
 * What ECS said of the cause: its reason and the resources it named (by name: the cluster is the service's),
 * so a person knows what to look at.
 */
function describeCause(event: ServiceEvent): string {
  const parts = [
    ...(event.reason === undefined ? [] : [`reason ${shown(event.reason)}`]),
    ...NAMED_RESOURCES.flatMap(([field, label]) => {
      const arns = event[field];
      if (arns === undefined) return [];
      if (isUnresolved(arns)) return [`${label} ${unreadable(arns)}`];
      if (arns.length === 0) return [];
      return [
        `${label} ${arns.map((arn) => (isUnresolved(arn) ? unreadable(arn) : nameOf(arn))).join(", ")}`,
      ];
    }),
  ];
  return parts.length === 0 ? "ECS gave no reason" : parts.join("; ");
}

/** A text field as evidence shows it: the value, or why it cannot be read. */
export function shown(value: Resolvable<string>): string {
  return isUnresolved(value) ? unreadable(value) : value;
}

function unreadable(value: Unresolved): string {
  return `(unreadable: ${value.unresolved})`;
}
