import { pointer } from "../pointer.ts";

/**
 * How one level of CloudFormation properties maps to ECS API field names. Most names only change the
 * case of their first letter (`ContainerDefinitions` → `containerDefinitions`, `Tags[].Key` → `tags[].key`);
 * a shape lists the exceptions. List elements share the shape of their list.
 */
export interface Shape {
  /** Template name → API name, where the API name is not the template name with a lower-case first letter. */
  readonly renamed?: Readonly<Record<string, string>>;
  /** Shapes of nested properties, by template name. */
  readonly nested?: Readonly<Record<string, Shape>>;
  /** The keys are data (labels, log driver options), not field names: copied as written, never re-cased. */
  readonly freeForm?: boolean;
  /** Template names with no counterpart in the API shape being built. */
  readonly omitted?: readonly string[];
}

export const plainShape: Shape = {};

const freeFormMap: Shape = { freeForm: true };

const logConfiguration: Shape = { nested: { Options: freeFormMap } };

/*
 * The naming exceptions, checked against the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/…):
 *
 * AWS::ECS::TaskDefinition
 *   - Volumes[].EFSVolumeConfiguration → efsVolumeConfiguration, and inside it FilesystemId → fileSystemId,
 *     AuthorizationConfig.IAM → iam (aws-properties-ecs-taskdefinition-volume.html,
 *     aws-properties-ecs-taskdefinition-efsvolumeconfiguration.html, aws-properties-ecs-taskdefinition-authorizationconfig.html)
 *   - Volumes[].FSxWindowsFileServerVolumeConfiguration → fsxWindowsFileServerVolumeConfiguration
 *   - ProxyConfiguration.ProxyConfigurationProperties → proxyConfiguration.properties
 *     (aws-properties-ecs-taskdefinition-proxyconfiguration.html)
 *   - free-form maps: ContainerDefinitions[].DockerLabels, ContainerDefinitions[].LogConfiguration.Options,
 *     ContainerDefinitions[].FirelensConfiguration.Options, Volumes[].DockerVolumeConfiguration.DriverOpts
 *     and .Labels (aws-properties-ecs-taskdefinition-containerdefinition.html, …-dockervolumeconfiguration.html)
 * AWS::ECS::Service
 *   - PlacementStrategies → placementStrategy (aws-resource-ecs-service.html)
 *   - NetworkConfiguration.AwsvpcConfiguration already matches awsvpcConfiguration
 *   - free-form map: ServiceConnectConfiguration.LogConfiguration.Options
 * AWS::ECS::TaskSet
 *   - NetworkConfiguration.AwsVpcConfiguration (capital V) → awsvpcConfiguration
 *     (aws-properties-ecs-taskset-networkconfiguration.html)
 * AWS::ECS::Cluster
 *   - ClusterSettings → settings (aws-resource-ecs-cluster.html)
 * AWS::ECS::CapacityProvider: no exceptions (aws-resource-ecs-capacityprovider.html)
 * AWS::Events::Rule Targets[].EcsParameters, read as a RunTask request (aws-properties-events-rule-ecsparameters.html,
 * aws-properties-events-rule-networkconfiguration.html)
 *   - the target's Arn → cluster, TaskDefinitionArn → taskDefinition, TaskCount → count,
 *     PlacementStrategies → placementStrategy, TagList → tags,
 *     NetworkConfiguration.AwsVpcConfiguration (capital V) → awsvpcConfiguration
 * AWS::Scheduler::Schedule Target.EcsParameters (aws-properties-scheduler-schedule-ecsparameters.html,
 * aws-properties-scheduler-schedule-networkconfiguration.html)
 *   - the target's Arn → cluster, TaskDefinitionArn → taskDefinition, TaskCount → count;
 *     PlacementStrategy and NetworkConfiguration.AwsvpcConfiguration already match
 *   - Tags is a list of free-form maps ({Key: Value}), which has no RunTask shape ([{key, value}]): left out
 */

const awsVpcNetworkConfiguration: Shape = { renamed: { AwsVpcConfiguration: "awsvpcConfiguration" } };

export const taskDefinitionShape: Shape = {
  nested: {
    ContainerDefinitions: {
      nested: {
        DockerLabels: freeFormMap,
        LogConfiguration: logConfiguration,
        FirelensConfiguration: { nested: { Options: freeFormMap } },
      },
    },
    ProxyConfiguration: { renamed: { ProxyConfigurationProperties: "properties" } },
    Volumes: {
      renamed: {
        EFSVolumeConfiguration: "efsVolumeConfiguration",
        FSxWindowsFileServerVolumeConfiguration: "fsxWindowsFileServerVolumeConfiguration",
      },
      nested: {
        EFSVolumeConfiguration: {
          renamed: { FilesystemId: "fileSystemId" },
          nested: { AuthorizationConfig: { renamed: { IAM: "iam" } } },
        },
        DockerVolumeConfiguration: { nested: { DriverOpts: freeFormMap, Labels: freeFormMap } },
      },
    },
  },
};

export const serviceShape: Shape = {
  renamed: { PlacementStrategies: "placementStrategy" },
  nested: { ServiceConnectConfiguration: { nested: { LogConfiguration: logConfiguration } } },
};

export const taskSetShape: Shape = { nested: { NetworkConfiguration: awsVpcNetworkConfiguration } };

export const eventsRuleEcsParametersShape: Shape = {
  renamed: {
    TaskDefinitionArn: "taskDefinition",
    TaskCount: "count",
    PlacementStrategies: "placementStrategy",
    TagList: "tags",
  },
  nested: { NetworkConfiguration: awsVpcNetworkConfiguration },
};

export const schedulerEcsParametersShape: Shape = {
  renamed: { TaskDefinitionArn: "taskDefinition", TaskCount: "count" },
  omitted: ["Tags"],
};

/** The API name of a template key at the level `shape` describes. */
export function apiNameOf(shape: Shape, templateName: string): string {
  if (shape.freeForm) return templateName;
  return ownEntry(shape.renamed, templateName) ?? lowerFirst(templateName);
}

/** The template name of an API key at the level `shape` describes (the inverse of `apiNameOf`). */
export function templateNameOf(shape: Shape, apiName: string): string {
  if (shape.freeForm) return apiName;
  const renamed = Object.entries(shape.renamed ?? {}).find(([, name]) => name === apiName);
  return renamed?.[0] ?? upperFirst(apiName);
}

export function nestedShape(shape: Shape, templateName: string): Shape {
  if (shape.freeForm) return plainShape;
  return ownEntry(shape.nested, templateName) ?? plainShape;
}

export function isOmitted(shape: Shape, templateName: string): boolean {
  return shape.omitted?.includes(templateName) ?? false;
}

/**
 * The template pointer for API segments below a node of `shape`, for fields the template does not
 * write: the same naming rules, run backwards. Numeric segments are list positions.
 */
export function templateTailOf(shape: Shape, apiSegments: readonly string[]): string {
  let current = shape;
  let tail = "";
  for (const segment of apiSegments) {
    if (isListIndex(segment) && !current.freeForm) {
      tail += pointer(segment);
      continue;
    }
    const templateName = templateNameOf(current, segment);
    tail += pointer(templateName);
    current = nestedShape(current, templateName);
  }
  return tail;
}

function isListIndex(segment: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(segment);
}

function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export const clusterShape: Shape = { renamed: { ClusterSettings: "settings" } };

export const capacityProviderShape: Shape = plainShape;
