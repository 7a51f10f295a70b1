import { DescribeInstancesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTasksCommand, type ECSClient, ListTasksCommand } from "@aws-sdk/client-ecs";
import { isAccessDenied } from "./access-denied.ts";
import { outcomeOf } from "./ecs-state-reader.ts";
import { once } from "./read-once.ts";
import type { ReadOutcome, StateReader } from "./state-reader.ts";

/** ListTasks returns at most 100 task ARNs a page, and DescribeTasks describes at most 100 a call. */
const TASKS_PER_CALL = 100;

/**
 * Reads what container instance events lack: the EC2 instance behind one, and the tasks placed on it. One reader
 * serves one batch, and every state change of an instance (each task placed or stopped is one) re-sends its
 * event, so each instance is described, and its tasks listed, once a batch.
 */
export function containerInstanceReader(
  ec2: EC2Client,
  ecs: ECSClient,
): Pick<StateReader, "readEc2Instance" | "readContainerInstanceTasks"> {
  const instances = new Map<string, Promise<ReadOutcome>>();
  const tasks = new Map<string, Promise<ReadOutcome>>();
  return {
    readEc2Instance: (instanceId) => once(instances, instanceId, () => describeInstance(ec2, instanceId)),
    readContainerInstanceTasks: (cluster, containerInstanceArn) =>
      once(tasks, JSON.stringify([cluster, containerInstanceArn]), () =>
        describeTasksOn(ecs, cluster, containerInstanceArn),
      ),
  };
}

async function describeInstance(client: EC2Client, instanceId: string): Promise<ReadOutcome> {
  try {
    const output = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return { documents: (output.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []) };
  } catch (error) {
    if (isAccessDenied(error))
      return { skipped: `EC2 denies the guardrail DescribeInstances (${error.name})` };
    // EC2 answers an instance it no longer knows (terminated an hour or more ago) with this error code.
    if (error instanceof Error && error.name === "InvalidInstanceID.NotFound") return { documents: [] };
    throw error;
  }
}

/** The tasks on the instance, unless ECS denies listing or describing them (see `isAccessDenied`). */
async function describeTasksOn(
  client: ECSClient,
  cluster: string,
  containerInstance: string,
): Promise<ReadOutcome> {
  try {
    return await listAndDescribeTasks(client, cluster, containerInstance);
  } catch (error) {
    if (isAccessDenied(error))
      return { skipped: `ECS denies the guardrail listing the instance's tasks (${error.name})` };
    // The instance's cluster was deleted: nothing runs on it any more.
    if (error instanceof Error && error.name === "ClusterNotFoundException") return { documents: [] };
    throw error;
  }
}

/** The tasks ECS wants running on the instance (ListTasks' default), described in pages of 100. */
async function listAndDescribeTasks(
  client: ECSClient,
  cluster: string,
  containerInstance: string,
): Promise<ReadOutcome> {
  const documents: unknown[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListTasksCommand({
        cluster,
        containerInstance,
        maxResults: TASKS_PER_CALL,
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    );
    const taskArns = page.taskArns ?? [];
    if (taskArns.length > 0) {
      // A task that stopped since it was listed is a failure (MISSING), not a task: it runs nothing any more.
      const described = await client.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
      const outcome = outcomeOf("DescribeTasks", described.tasks ?? [], described.failures);
      if ("skipped" in outcome) return outcome;
      documents.push(...outcome.documents);
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { documents };
}
