import type {
  Task as ApiTask,
  ContainerDefinition,
  CreateServiceRequest,
  CreateTaskSetRequest,
  RegisterTaskDefinitionRequest,
  RunTaskRequest,
} from "@aws-sdk/client-ecs";
import { runningTaskFromApi } from "../../shared/model/running-task.ts";
import { serviceFromApi } from "../../shared/model/service.ts";
import { taskFromLaunch } from "../../shared/model/task.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { taskSetFromApi } from "../../shared/model/task-set.ts";
import type { RunningTask, Service, Task, TaskDefinition, TaskSet } from "../../shared/model/types.ts";

/**
 * Builders of API-shaped inputs that pass every policy by default, so a failing case shows only the
 * field that breaks the rule. They run the real normalizers, tying tables to the ECS field names.
 * Overrides are loosely typed on purpose: tables also feed wrong types and unresolved values.
 */
type Loose<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

export function containerDefinition(overrides: Loose<ContainerDefinition> = {}): Loose<ContainerDefinition> {
  return {
    name: "app",
    image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app:1.4.2`,
    essential: true,
    user: "1000",
    ...overrides,
  };
}

export function taskDefinitionInput(
  overrides: Loose<RegisterTaskDefinitionRequest> = {},
): Loose<RegisterTaskDefinitionRequest> {
  return {
    family: "web",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [containerDefinition()],
    ...overrides,
  };
}

export function taskDefinition(overrides: Loose<RegisterTaskDefinitionRequest> = {}): TaskDefinition {
  return taskDefinitionFromApi(taskDefinitionInput(overrides));
}

/** A task definition whose only container carries the given overrides. */
export function taskDefinitionWithContainer(overrides: Loose<ContainerDefinition>): TaskDefinition {
  return taskDefinition({ containerDefinitions: [containerDefinition(overrides)] });
}

export function awsvpc(assignPublicIp?: unknown): Record<string, unknown> {
  return {
    awsvpcConfiguration: {
      subnets: ["subnet-0a1b2c3d"],
      securityGroups: ["sg-0a1b2c3d"],
      ...(assignPublicIp === undefined ? {} : { assignPublicIp }),
    },
  };
}

export function service(overrides: Loose<CreateServiceRequest> = {}): Service {
  return serviceFromApi({
    serviceName: "web",
    cluster: "prod",
    taskDefinition: "web:7",
    launchType: "FARGATE",
    desiredCount: 2,
    networkConfiguration: awsvpc("DISABLED"),
    ...overrides,
  });
}

export function taskSet(overrides: Loose<CreateTaskSetRequest> = {}): TaskSet {
  return taskSetFromApi({
    service: "web",
    cluster: "prod",
    taskDefinition: "web:7",
    launchType: "FARGATE",
    networkConfiguration: awsvpc("DISABLED"),
    ...overrides,
  });
}

export function task(request: Loose<RunTaskRequest> = {}, launched: Loose<ApiTask> = {}): Task {
  return taskFromLaunch(
    {
      taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/batch:3`,
      launchType: "FARGATE",
      ...launched,
    },
    { cluster: "prod", taskDefinition: "batch:3", networkConfiguration: awsvpc("DISABLED"), ...request },
  );
}

export const RUNNING_TASK_NETWORK_INTERFACE = "eni-0a1b2c3d4e5f60718";

/** A running Fargate task as its Task State Change event's `detail` describes it, attached through one interface. */
export function runningTask(overrides: Loose<ApiTask> = {}): RunningTask {
  return runningTaskFromApi({
    taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f`,
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/web:7`,
    lastStatus: "RUNNING",
    launchType: "FARGATE",
    attachments: [
      {
        id: "2f1e0d9c-8b7a-4695-8493-a2b1c0d9e8f7",
        type: "eni",
        status: "ATTACHED",
        details: [
          { name: "subnetId", value: "subnet-0a1b2c3d" },
          { name: "networkInterfaceId", value: RUNNING_TASK_NETWORK_INTERFACE },
          { name: "privateIPv4Address", value: "10.0.1.25" },
        ],
      },
    ],
    ...overrides,
  });
}

/** A value the way the CloudFormation normalizer leaves an intrinsic it cannot resolve. */
export function intrinsic(at: string, reason = "Fn::If on condition IsProd cannot be resolved offline") {
  return { unresolved: reason, at };
}
