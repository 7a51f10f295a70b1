import type { NetworkInterface } from "@aws-sdk/client-ec2";
import { ClientException, type TaskDefinition } from "@aws-sdk/client-ecs";
import { readSharedJson } from "./shared-data.ts";

/** The real Task State Change events in ../shared/data/events. */
export const REAL_SAMPLES = {
  fargate: "awsdocs__ecs-dev-guide__task-state-change-fargate-running-attachments",
  dotnet: "aws__aws-lambda-dotnet__ecs-task-state-change-event",
  ec2: "awsdocs__ecs-dev-guide__task-state-change-ec2-running-2016",
} as const;

export function realEvent(name: string): Record<string, unknown> & { detail: Record<string, unknown> } {
  return readSharedJson(`events/${name}.json`) as Record<string, unknown> & {
    detail: Record<string, unknown>;
  };
}

/** A task definition as DescribeTaskDefinition returns it (`taskDefinition`), ARN and status set. */
export function describedRevision(
  taskDefinitionArn: string,
  status: string,
  definition: Record<string, unknown>,
): TaskDefinition {
  const [, family = "", revision = "0"] = /task-definition\/([^:]+):(\d+)$/.exec(taskDefinitionArn) ?? [];
  return { ...definition, family, revision: Number(revision), taskDefinitionArn, status } as TaskDefinition;
}

/** The AWS docs' Fargate sample task definition (real), as the revision the real Fargate event runs. */
export function sampleFargateRevision(): TaskDefinition {
  return describedRevision(
    "arn:aws:ecs:us-west-2:111122223333:task-definition/sample-fargate:1",
    "ACTIVE",
    readSharedJson("taskdefs/awsdocs__amazon-ecs-developer-guide__AWS_Fargate-L136.json") as Record<
      string,
      unknown
    >,
  );
}

/** The X-Ray daemon the 2016 EC2 event runs, deregistered since. */
export const XRAY_REVISION = describedRevision(
  "arn:aws:ecs:us-east-1:111122223333:task-definition/xray:2",
  "INACTIVE",
  {
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    containerDefinitions: [
      {
        name: "xray",
        image: "amazon/aws-xray-daemon:3.3.7",
        essential: true,
        cpu: 32,
        memoryReservation: 256,
        portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: "udp" }],
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/xray" } },
      },
    ],
  },
);

export const DB_MIGRATE_TASK_ROLE = "arn:aws:iam::123456789012:role/db-migrate-task";

/** The revision the project samples' standalone task runs: hardened, with a task role. */
export const DB_MIGRATE_REVISION = describedRevision(
  "arn:aws:ecs:eu-west-1:123456789012:task-definition/db-migrate:5",
  "ACTIVE",
  {
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    taskRoleArn: DB_MIGRATE_TASK_ROLE,
    executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    containerDefinitions: [
      {
        name: "migrate",
        image:
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/db-migrate@sha256:3c1e8b7f2a9d4c6e5b0a1f2e3d4c5b6a7980f1e2d3c4b5a69788796a5b4c3d2e",
        essential: true,
        user: "1000",
        readonlyRootFilesystem: true,
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/db-migrate" } },
      },
    ],
  },
);

/** A DescribeTaskDefinition mock over these revisions: ECS answers any other with a ClientException. */
export function describeTaskDefinitionFrom(revisions: readonly TaskDefinition[]) {
  const byArn = new Map(revisions.map((revision) => [revision.taskDefinitionArn, revision]));
  return ({ taskDefinition }: { taskDefinition: string }) => {
    const found = byArn.get(taskDefinition);
    if (found === undefined) {
      throw new ClientException({ message: "Unable to describe task definition.", $metadata: {} });
    }
    return { taskDefinition: found, tags: [] };
  };
}

/** A task's network interface as DescribeNetworkInterfaces returns it, with a public IP where given. */
export function describedInterface(id: string, privateIp: string, publicIp?: string): NetworkInterface {
  const association =
    publicIp === undefined ? {} : { Association: { PublicIp: publicIp, IpOwnerId: "amazon" } };
  return {
    NetworkInterfaceId: id,
    InterfaceType: "interface",
    Description: "arn:aws:ecs:eu-west-1:123456789012:attachment/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
    RequesterManaged: true,
    Status: "in-use",
    PrivateIpAddress: privateIp,
    ...association,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp, ...association }],
  };
}

/** A DescribeNetworkInterfaces mock over these interfaces, filtered by id as EC2 filters them. */
export function describeNetworkInterfacesFrom(interfaces: readonly NetworkInterface[]) {
  const byId = new Map(
    interfaces.map((networkInterface) => [networkInterface.NetworkInterfaceId, networkInterface]),
  );
  return ({ Filters = [] }: { Filters?: { Name?: string; Values?: string[] }[] }) => {
    const ids = Filters.find((filter) => filter.Name === "network-interface-id")?.Values ?? [];
    return { NetworkInterfaces: ids.flatMap((id) => byId.get(id) ?? []) };
  };
}
