import type { Resolvable } from "./resolvable.ts";

/**
 * The normalized resources policies evaluate. Field names and nesting follow the ECS API
 * (`@aws-sdk/client-ecs`), so a policy's evidence path is a JSON pointer in API field names
 * that each source shape can translate back to where the value was written.
 * Only what policies read is modelled; an absent field stays `undefined` (absent ≠ empty).
 */
export type ResourceKind = "TaskDefinition" | "Service" | "TaskSet" | "Task";

export interface Container {
  /** Position in `containerDefinitions`. */
  readonly index: number;
  readonly name: Resolvable<string | undefined>;
  readonly image: Resolvable<string | undefined>;
  readonly privileged: Resolvable<boolean | undefined>;
  readonly user: Resolvable<string | undefined>;
}

export interface TaskDefinition {
  readonly kind: "TaskDefinition";
  readonly arn: string | undefined;
  readonly family: Resolvable<string | undefined>;
  readonly revision: number | undefined;
  readonly networkMode: Resolvable<string | undefined>;
  readonly pidMode: Resolvable<string | undefined>;
  readonly requiresCompatibilities: Resolvable<readonly Resolvable<string>[] | undefined>;
  readonly runtimePlatform: Resolvable<RuntimePlatform | undefined>;
  readonly containerDefinitions: Resolvable<readonly Resolvable<Container>[] | undefined>;
}

export interface RuntimePlatform {
  readonly operatingSystemFamily: Resolvable<string | undefined>;
}

export interface AwsVpcConfiguration {
  readonly assignPublicIp: Resolvable<string | undefined>;
}

export interface NetworkConfiguration {
  readonly awsvpcConfiguration: Resolvable<AwsVpcConfiguration | undefined>;
}

export interface Service {
  readonly kind: "Service";
  readonly arn: string | undefined;
  readonly name: Resolvable<string | undefined>;
  readonly cluster: Resolvable<string | undefined>;
  readonly launchType: Resolvable<string | undefined>;
  readonly taskDefinition: Resolvable<string | undefined>;
  readonly networkConfiguration: Resolvable<NetworkConfiguration | undefined>;
}

export interface TaskSet {
  readonly kind: "TaskSet";
  readonly arn: string | undefined;
  readonly id: Resolvable<string | undefined>;
  readonly service: Resolvable<string | undefined>;
  readonly cluster: Resolvable<string | undefined>;
  readonly launchType: Resolvable<string | undefined>;
  readonly taskDefinition: Resolvable<string | undefined>;
  readonly networkConfiguration: Resolvable<NetworkConfiguration | undefined>;
}

/** A task as launched: the task itself plus the network configuration its RunTask/StartTask asked for. */
export interface Task {
  readonly kind: "Task";
  readonly arn: string | undefined;
  readonly cluster: Resolvable<string | undefined>;
  readonly launchType: Resolvable<string | undefined>;
  readonly taskDefinition: Resolvable<string | undefined>;
  readonly startedBy: Resolvable<string | undefined>;
  readonly networkConfiguration: Resolvable<NetworkConfiguration | undefined>;
}

export type Resource = TaskDefinition | Service | TaskSet | Task;

export type ResourceOfKind<K extends ResourceKind> = Extract<Resource, { kind: K }>;
