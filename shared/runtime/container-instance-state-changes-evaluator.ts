import {
  type ContainerInstanceStateChangeEvent,
  containerInstanceStateChangeEvent,
} from "../../events/schemas/container-instance-state-change.ts";
import { type ContainerInstanceState, containerInstanceLookups } from "../engine/lookups.ts";
import type { FindingContext } from "../findings/to-asff.ts";
import type { StateReader } from "../hydrate/state-reader.ts";
import { partitionOf, type Scope } from "../model/arns.ts";
import type { SkippedRead } from "../model/cloudtrail.ts";
import {
  type ContainerInstanceDocument,
  containerInstanceFromApi,
  containerInstanceResourceId,
  ec2InstanceFromApi,
  ec2InstanceIdOf,
  type HostedTask,
  hostedTaskFromApi,
  taskDefinitionArnOf,
} from "../model/container-instance.ts";
import { type Resolvable, unresolved } from "../model/resolvable.ts";
import { taskDefinitionFromApi } from "../model/task-definition.ts";
import type { ContainerInstance, Ec2Instance } from "../model/types.ts";
import { archive } from "./archive.ts";
import { type EventEvaluation, type EventEvaluator, needsLookup, type Rulebook } from "./event-evaluator.ts";
import { judge } from "./judge.ts";

/**
 * Statuses of an instance leaving its cluster: DEREGISTERING while ECS removes its trunk network interface
 * (awsvpcTrunking), INACTIVE once it is deregistered.
 */
const DEREGISTERED_STATUSES: ReadonlySet<string> = new Set(["DEREGISTERING", "INACTIVE"]);

/**
 * ECS Container Instance State Change events: normalize the container instance the event describes, read the
 * EC2 instance behind it and the tasks on it where a policy that is on needs them, evaluate every policy, and
 * build the findings. A deregistered instance has its findings archived, those of the policies that are off too.
 */
export const containerInstanceStateChangesEvaluator: EventEvaluator<ContainerInstanceStateChangeEvent> = {
  schema: containerInstanceStateChangeEvent,
  async evaluate(event, reader, rulebook) {
    const scope: Scope = {
      partition: partitionOf(event.region),
      region: event.region,
      account: event.account,
    };
    const context: FindingContext = { ...scope, observedAt: event.time, cause: { eventId: event.id } };
    return judgeContainerInstance(event.detail, context, reader, rulebook);
  },
};

/**
 * A container instance as DescribeContainerInstances describes it (an event's detail, or the sweep's read): judged
 * with the EC2 instance and tasks it needs read, or its findings archived when it is leaving its cluster.
 */
export async function judgeContainerInstance(
  detail: ContainerInstanceStateChangeEvent["detail"],
  context: FindingContext,
  reader: StateReader,
  rulebook: Rulebook,
): Promise<EventEvaluation> {
  const instance = containerInstanceFromApi(detail);
  const resourceId = containerInstanceResourceId(instance, context) ?? detail.containerInstanceArn;

  if (DEREGISTERED_STATUSES.has(detail.status)) {
    const subject = { resourceId, document: { containerInstance: detail, ec2Instance: undefined } };
    const reason = `the container instance is ${detail.status}: it left its cluster`;
    return {
      findings: archive(rulebook.policies, ["ContainerInstance"], subject, context, reason),
      skipped: [],
    };
  }

  const skipped: SkippedRead[] = [];
  const state = await readState(instance, detail.clusterArn, reader, rulebook, skipped);
  const document: ContainerInstanceDocument = { containerInstance: detail, ec2Instance: state.document };
  const lookups = containerInstanceLookups(state);
  const { findings } = judge(instance, { resourceId, document }, rulebook, context, { lookups });
  return { findings, skipped };
}

interface ReadState extends ContainerInstanceState {
  /** The EC2 instance as DescribeInstances described it, for the findings' details. */
  readonly document: unknown;
}

/**
 * Reads the EC2 instance while a policy that is on needs it, and the tasks on the instance only when it has a
 * public address: the one policy that reads them judges nothing else. Where they are not read, the lookups stay
 * Unresolved, so a policy that asked anyway would be UNKNOWN, never PASSED.
 */
async function readState(
  instance: ContainerInstance,
  cluster: string,
  reader: StateReader,
  rulebook: Rulebook,
  skipped: SkippedRead[],
): Promise<ReadState> {
  const instanceId = ec2InstanceIdOf(instance);
  if (instanceId === undefined || !needsLookup("ec2Instance", rulebook)) {
    return { ec2Instances: new Map(), tasks: new Map(), document: undefined };
  }
  const outcome = await reader.readEc2Instance(instanceId);
  if ("skipped" in outcome) {
    skipped.push({ call: "DescribeInstances", reason: outcome.skipped });
    return {
      ec2Instances: new Map([[instanceId, unresolved(outcome.skipped, "")]]),
      tasks: new Map(),
      document: undefined,
    };
  }
  const [document] = outcome.documents;
  const described: Ec2Instance | undefined =
    document === undefined ? undefined : ec2InstanceFromApi(document);
  const tasks = new Map<string, Resolvable<readonly HostedTask[]>>();
  const publicAddress = described?.PublicIpAddress;
  if (
    instance.arn !== undefined &&
    typeof publicAddress === "string" &&
    publicAddress !== "" &&
    needsLookup("containerInstanceTasks", rulebook)
  ) {
    tasks.set(instance.arn, await hostedTasks(instance.arn, cluster, reader, skipped));
  }
  return { ec2Instances: new Map([[instanceId, described]]), tasks, document };
}

/** The tasks on the instance, each with its task definition's network mode (a task definition is read once). */
async function hostedTasks(
  containerInstanceArn: string,
  cluster: string,
  reader: StateReader,
  skipped: SkippedRead[],
): Promise<Resolvable<readonly HostedTask[]>> {
  const outcome = await reader.readContainerInstanceTasks(cluster, containerInstanceArn);
  if ("skipped" in outcome) {
    skipped.push({ call: "ListTasks", reason: outcome.skipped });
    return unresolved(outcome.skipped, "");
  }
  const taskDefinitionArns = new Set(
    outcome.documents.map(taskDefinitionArnOf).filter((arn): arn is string => typeof arn === "string"),
  );
  const networkModes = new Map(
    await Promise.all(
      [...taskDefinitionArns].map(async (arn) => [arn, await networkModeOf(arn, reader)] as const),
    ),
  );
  return outcome.documents.map((task) => hostedTaskFromApi(task, networkModes));
}

async function networkModeOf(
  taskDefinitionArn: string,
  reader: StateReader,
): Promise<Resolvable<string | undefined>> {
  const outcome = await reader.read({
    call: "DescribeTaskDefinition",
    kind: "TaskDefinition",
    input: { taskDefinition: taskDefinitionArn, include: ["TAGS"] },
  });
  if ("skipped" in outcome) return unresolved(outcome.skipped, "");
  const [document] = outcome.documents;
  if (document === undefined)
    return unresolved(`ECS does not describe the task definition ${taskDefinitionArn}`, "");
  return taskDefinitionFromApi(document).networkMode;
}
