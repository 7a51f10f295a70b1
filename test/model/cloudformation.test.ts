import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../cli/parse-document.ts";
import {
  type CloudFormationResource,
  ecsResourcesFromTemplate,
  isCloudFormationTemplate,
} from "../../shared/model/cloudformation.ts";
import { unresolved } from "../../shared/model/resolvable.ts";
import type { Resource, Service, Task, TaskDefinition } from "../../shared/model/types.ts";
import { SHARED_DATA_DIRECTORY, sharedDataAvailable, warnSharedDataAbsent } from "../helpers/shared-data.ts";

/** A template holding one resource, `Worker`, after optional other sections. */
function templateWith(type: string, properties: unknown, sections: Record<string, unknown> = {}): unknown {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    ...sections,
    Resources: { Worker: { Type: type, Properties: properties } },
  };
}

function onlyResource(template: unknown): CloudFormationResource {
  const found = ecsResourcesFromTemplate(template);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error("no resource found");
  return first;
}

function taskDefinitionOf(
  properties: unknown,
  sections: Record<string, unknown> = {},
): CloudFormationResource {
  return onlyResource(templateWith("AWS::ECS::TaskDefinition", properties, sections));
}

function asKind<K extends Resource["kind"]>(resource: Resource, kind: K): Extract<Resource, { kind: K }> {
  expect(resource.kind).toBe(kind);
  return resource as Extract<Resource, { kind: K }>;
}

function firstContainer(resource: Resource) {
  const containers = asKind(resource, "TaskDefinition").containerDefinitions;
  if (!Array.isArray(containers)) throw new Error("containerDefinitions is not a list");
  return containers[0];
}

describe("isCloudFormationTemplate", () => {
  it.each([
    ["Resources with a version", { AWSTemplateFormatVersion: "2010-09-09", Resources: {} }, true],
    ["Resources without a version", { Resources: { A: { Type: "AWS::SNS::Topic" } } }, true],
    ["a version without Resources", { AWSTemplateFormatVersion: "2010-09-09" }, false],
    ["Resources as a list", { Resources: [] }, false],
    ["Resources as a string", { Resources: "none" }, false],
    ["a task definition", { family: "web", containerDefinitions: [] }, false],
    ["null", null, false],
    ["a list", [{ Resources: {} }], false],
    ["a string", "Resources", false],
  ])("%s → %s", (_name, document, expected) => {
    expect(isCloudFormationTemplate(document)).toBe(expected);
  });
});

describe("AWS::ECS::TaskDefinition", () => {
  const properties = {
    Family: "web",
    NetworkMode: "awsvpc",
    PidMode: "task",
    RequiresCompatibilities: ["FARGATE"],
    RuntimePlatform: { OperatingSystemFamily: "LINUX" },
    ContainerDefinitions: [
      {
        Name: "app",
        Image: "nginx",
        Privileged: true,
        User: "0:0",
        ReadonlyRootFilesystem: true,
        DockerLabels: { "com.example.Team": "payments", Owner: "ops" },
        LogConfiguration: {
          LogDriver: "awslogs",
          Options: { "awslogs-group": "/ecs/web", Mode: "non-blocking" },
        },
        FirelensConfiguration: { Type: "fluentbit", Options: { "enable-ecs-log-metadata": "true" } },
        DependsOn: [{ ContainerName: "init", Condition: "COMPLETE" }],
      },
    ],
    Volumes: [
      {
        Name: "shared",
        EFSVolumeConfiguration: {
          FilesystemId: "fs-1",
          AuthorizationConfig: { IAM: "ENABLED", AccessPointId: "ap-1" },
        },
      },
      {
        Name: "windows",
        FSxWindowsFileServerVolumeConfiguration: { FileSystemId: "fs-2", RootDirectory: "share" },
      },
      {
        Name: "docker",
        DockerVolumeConfiguration: { Driver: "local", DriverOpts: { Type: "nfs" }, Labels: { Tier: "db" } },
      },
    ],
    ProxyConfiguration: {
      ContainerName: "envoy",
      Type: "APPMESH",
      ProxyConfigurationProperties: [{ Name: "AppPorts", Value: "80" }],
    },
    Tags: [{ Key: "Team", Value: "Payments" }],
  };
  const found = taskDefinitionOf(properties);

  it("finds the resource by logical id", () => {
    expect(found).toMatchObject({
      logicalId: "Worker",
      type: "AWS::ECS::TaskDefinition",
      pointer: "/Resources/Worker",
    });
  });

  it("converts the properties to the API shape, keeping free-form keys as written", () => {
    expect(found.document).toEqual({
      family: "web",
      networkMode: "awsvpc",
      pidMode: "task",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { operatingSystemFamily: "LINUX" },
      containerDefinitions: [
        {
          name: "app",
          image: "nginx",
          privileged: true,
          user: "0:0",
          readonlyRootFilesystem: true,
          dockerLabels: { "com.example.Team": "payments", Owner: "ops" },
          logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/web", Mode: "non-blocking" },
          },
          firelensConfiguration: { type: "fluentbit", options: { "enable-ecs-log-metadata": "true" } },
          dependsOn: [{ containerName: "init", condition: "COMPLETE" }],
        },
      ],
      volumes: [
        {
          name: "shared",
          efsVolumeConfiguration: {
            fileSystemId: "fs-1",
            authorizationConfig: { iam: "ENABLED", accessPointId: "ap-1" },
          },
        },
        {
          name: "windows",
          fsxWindowsFileServerVolumeConfiguration: { fileSystemId: "fs-2", rootDirectory: "share" },
        },
        {
          name: "docker",
          dockerVolumeConfiguration: { driver: "local", driverOpts: { Type: "nfs" }, labels: { Tier: "db" } },
        },
      ],
      proxyConfiguration: {
        containerName: "envoy",
        type: "APPMESH",
        properties: [{ name: "AppPorts", value: "80" }],
      },
      tags: [{ key: "Team", value: "Payments" }],
    });
  });

  it("normalizes what the policies read", () => {
    expect(found.resource).toMatchObject({
      kind: "TaskDefinition",
      arn: undefined,
      family: "web",
      revision: undefined,
      networkMode: "awsvpc",
      pidMode: "task",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { operatingSystemFamily: "LINUX" },
      containerDefinitions: [{ name: "app", image: "nginx", privileged: true, user: "0:0" }],
    });
  });

  it.each([
    ["", "/Properties"],
    ["/networkMode", "/Properties/NetworkMode"],
    ["/containerDefinitions/0/privileged", "/Properties/ContainerDefinitions/0/Privileged"],
    ["/containerDefinitions/0/user", "/Properties/ContainerDefinitions/0/User"],
    [
      "/containerDefinitions/0/dockerLabels/com.example.Team",
      "/Properties/ContainerDefinitions/0/DockerLabels/com.example.Team",
    ],
    [
      "/containerDefinitions/0/logConfiguration/options/awslogs-group",
      "/Properties/ContainerDefinitions/0/LogConfiguration/Options/awslogs-group",
    ],
    [
      "/volumes/0/efsVolumeConfiguration/fileSystemId",
      "/Properties/Volumes/0/EFSVolumeConfiguration/FilesystemId",
    ],
    [
      "/volumes/0/efsVolumeConfiguration/authorizationConfig/iam",
      "/Properties/Volumes/0/EFSVolumeConfiguration/AuthorizationConfig/IAM",
    ],
    [
      "/volumes/1/fsxWindowsFileServerVolumeConfiguration/fileSystemId",
      "/Properties/Volumes/1/FSxWindowsFileServerVolumeConfiguration/FileSystemId",
    ],
    [
      "/volumes/2/dockerVolumeConfiguration/driverOpts/Type",
      "/Properties/Volumes/2/DockerVolumeConfiguration/DriverOpts/Type",
    ],
    [
      "/proxyConfiguration/properties/0/name",
      "/Properties/ProxyConfiguration/ProxyConfigurationProperties/0/Name",
    ],
    ["/tags/0/key", "/Properties/Tags/0/Key"],
  ])("locates the written field %j", (apiPointer, templatePointer) => {
    expect(found.locate(apiPointer)).toBe(templatePointer);
  });

  it.each([
    ["/containerDefinitions/0/essential", "/Properties/ContainerDefinitions/0/Essential"],
    ["/containerDefinitions/3/user", "/Properties/ContainerDefinitions/3/User"],
    [
      "/containerDefinitions/0/linuxParameters/capabilities/add",
      "/Properties/ContainerDefinitions/0/LinuxParameters/Capabilities/Add",
    ],
    [
      "/containerDefinitions/0/logConfiguration/options/max-buffer-size",
      "/Properties/ContainerDefinitions/0/LogConfiguration/Options/max-buffer-size",
    ],
    ["/containerDefinitions/0/dockerLabels/team", "/Properties/ContainerDefinitions/0/DockerLabels/team"],
    [
      "/volumes/5/efsVolumeConfiguration/authorizationConfig/iam",
      "/Properties/Volumes/5/EFSVolumeConfiguration/AuthorizationConfig/IAM",
    ],
    [
      "/volumes/5/efsVolumeConfiguration/fileSystemId",
      "/Properties/Volumes/5/EFSVolumeConfiguration/FilesystemId",
    ],
    [
      "/volumes/5/fsxWindowsFileServerVolumeConfiguration/rootDirectory",
      "/Properties/Volumes/5/FSxWindowsFileServerVolumeConfiguration/RootDirectory",
    ],
    ["/ephemeralStorage/sizeInGiB", "/Properties/EphemeralStorage/SizeInGiB"],
  ])("locates the absent field %j where it would be written", (apiPointer, templatePointer) => {
    expect(found.locate(apiPointer)).toBe(templatePointer);
  });

  it("locates an absent user where it would be written", () => {
    const withoutUser = taskDefinitionOf({ ContainerDefinitions: [{ Name: "app", Image: "nginx" }] });
    expect(firstContainer(withoutUser.resource)).toMatchObject({ user: undefined });
    expect(withoutUser.locate("/containerDefinitions/0/user")).toBe(
      "/Properties/ContainerDefinitions/0/User",
    );
  });

  it("escapes pointer segments in both directions", () => {
    const labelled = taskDefinitionOf({ ContainerDefinitions: [{ DockerLabels: { "a/b~c": "x" } }] });
    expect(labelled.document).toEqual({ containerDefinitions: [{ dockerLabels: { "a/b~c": "x" } }] });
    expect(labelled.locate("/containerDefinitions/0/dockerLabels/a~1b~0c")).toBe(
      "/Properties/ContainerDefinitions/0/DockerLabels/a~1b~0c",
    );
  });

  it("keeps a free-form __proto__ key as data", () => {
    const labelled = taskDefinitionOf(
      JSON.parse('{"ContainerDefinitions": [{"DockerLabels": {"__proto__": "x"}}]}'),
    );
    const document = labelled.document as { containerDefinitions: [{ dockerLabels: object }] };
    expect(Object.keys(document.containerDefinitions[0].dockerLabels)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(document.containerDefinitions[0].dockerLabels)).toBe(Object.prototype);
  });
});

describe("AWS::ECS::Service", () => {
  const found = onlyResource(
    templateWith("AWS::ECS::Service", {
      ServiceName: "web",
      Cluster: "prod",
      LaunchType: "FARGATE",
      TaskDefinition: "web:3",
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: "ENABLED", Subnets: ["subnet-1"] } },
      PlacementStrategies: [{ Type: "spread", Field: "attribute:ecs.availability-zone" }],
      EnableECSManagedTags: true,
      ServiceConnectConfiguration: {
        Enabled: true,
        LogConfiguration: { LogDriver: "awslogs", Options: { "awslogs-group": "sc" } },
      },
    }),
  );

  it("converts AwsvpcConfiguration, PlacementStrategies and free-form options", () => {
    expect(found.document).toEqual({
      serviceName: "web",
      cluster: "prod",
      launchType: "FARGATE",
      taskDefinition: "web:3",
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED", subnets: ["subnet-1"] } },
      placementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }],
      enableECSManagedTags: true,
      serviceConnectConfiguration: {
        enabled: true,
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "sc" } },
      },
    });
    expect(asKind(found.resource, "Service")).toMatchObject({
      kind: "Service",
      arn: undefined,
      serviceName: "web",
      cluster: "prod",
      launchType: "FARGATE",
      taskDefinition: "web:3",
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
    });
  });

  it.each([
    [
      "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
      "/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp",
    ],
    ["/placementStrategy/0/type", "/Properties/PlacementStrategies/0/Type"],
    ["/placementStrategy/4/field", "/Properties/PlacementStrategies/4/Field"],
    [
      "/serviceConnectConfiguration/logConfiguration/options/awslogs-group",
      "/Properties/ServiceConnectConfiguration/LogConfiguration/Options/awslogs-group",
    ],
  ])("locates %j", (apiPointer, templatePointer) => {
    expect(found.locate(apiPointer)).toBe(templatePointer);
  });

  it("locates an absent network configuration with the Service spelling", () => {
    const bare = onlyResource(templateWith("AWS::ECS::Service", { Cluster: "prod" }));
    expect(bare.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp")).toBe(
      "/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp",
    );
  });
});

describe("AWS::ECS::TaskSet", () => {
  it("reads NetworkConfiguration.AwsVpcConfiguration (capital V)", () => {
    const found = onlyResource(
      templateWith("AWS::ECS::TaskSet", {
        Cluster: "prod",
        Service: "web",
        TaskDefinition: "web:4",
        LaunchType: "FARGATE",
        NetworkConfiguration: { AwsVpcConfiguration: { AssignPublicIp: "ENABLED" } },
      }),
    );
    expect(found.document).toMatchObject({
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
    });
    expect(asKind(found.resource, "TaskSet")).toMatchObject({
      kind: "TaskSet",
      arn: undefined,
      id: undefined,
      service: "web",
      cluster: "prod",
      launchType: "FARGATE",
      taskDefinition: "web:4",
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
    });
    expect(found.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp")).toBe(
      "/Properties/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
    );
  });

  it("locates an absent network configuration with the TaskSet spelling", () => {
    const bare = onlyResource(templateWith("AWS::ECS::TaskSet", { Cluster: "prod", Service: "web" }));
    expect(bare.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp")).toBe(
      "/Properties/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
    );
  });
});

describe("AWS::Events::Rule targets", () => {
  const template = {
    Resources: {
      Nightly: {
        Type: "AWS::Events::Rule",
        Properties: {
          ScheduleExpression: "rate(1 day)",
          Targets: [
            { Id: "notify", Arn: "arn:aws:lambda:eu-west-1:123456789012:function:notify" },
            {
              Id: "batch",
              Arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
              EcsParameters: {
                TaskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/batch:1",
                TaskCount: 2,
                LaunchType: "FARGATE",
                NetworkConfiguration: {
                  AwsVpcConfiguration: { AssignPublicIp: "ENABLED", Subnets: ["subnet-1"] },
                },
                PlacementStrategies: [{ Type: "random" }],
                TagList: [{ Key: "Job", Value: "batch" }],
              },
            },
            { Id: "report", Arn: "prod", EcsParameters: { TaskDefinitionArn: "report:2" } },
          ],
        },
      },
    },
  };
  const found = ecsResourcesFromTemplate(template);

  it("yields one task per ECS target, in target order", () => {
    expect(found.map(({ logicalId, type, pointer }) => [logicalId, type, pointer])).toEqual([
      ["Nightly", "AWS::Events::Rule", "/Resources/Nightly/Properties/Targets/1"],
      ["Nightly", "AWS::Events::Rule", "/Resources/Nightly/Properties/Targets/2"],
    ]);
  });

  it("reads EcsParameters as a RunTask request", () => {
    expect(found[0]?.document).toEqual({
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/batch:1",
      count: 2,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED", subnets: ["subnet-1"] } },
      placementStrategy: [{ type: "random" }],
      tags: [{ key: "Job", value: "batch" }],
    });
    expect(found[0]?.resource).toMatchObject({
      kind: "Task",
      arn: undefined,
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
      launchType: "FARGATE",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/batch:1",
      startedBy: undefined,
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
    });
  });

  it.each([
    [
      0,
      "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
      "/EcsParameters/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
    ],
    [0, "/cluster", "/Arn"],
    [0, "/taskDefinition", "/EcsParameters/TaskDefinitionArn"],
    [0, "/count", "/EcsParameters/TaskCount"],
    [0, "/placementStrategy/0/type", "/EcsParameters/PlacementStrategies/0/Type"],
    [0, "/tags/0/value", "/EcsParameters/TagList/0/Value"],
    [0, "", "/EcsParameters"],
    [
      1,
      "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
      "/EcsParameters/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
    ],
    [1, "/launchType", "/EcsParameters/LaunchType"],
    [1, "/tags/0/key", "/EcsParameters/TagList/0/Key"],
  ])("target %i locates %j", (index, apiPointer, templatePointer) => {
    expect(found[index]?.locate(apiPointer)).toBe(templatePointer);
  });
});

describe("AWS::Scheduler::Schedule target", () => {
  const schedule = (target: unknown) => ({
    Resources: {
      Hourly: {
        Type: "AWS::Scheduler::Schedule",
        Properties: { ScheduleExpression: "rate(1 hour)", Target: target },
      },
    },
  });

  it("reads Target.EcsParameters (AwsvpcConfiguration, PlacementStrategy) as a RunTask request", () => {
    const found = onlyResource(
      schedule({
        Arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
        RoleArn: "arn:aws:iam::123456789012:role/scheduler",
        EcsParameters: {
          TaskDefinitionArn: "job:7",
          LaunchType: "FARGATE",
          TaskCount: 1,
          NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: "ENABLED" } },
          PlacementStrategy: [{ Type: "binpack", Field: "memory" }],
          Tags: [{ Team: "data" }],
        },
      }),
    );
    expect(found).toMatchObject({
      logicalId: "Hourly",
      type: "AWS::Scheduler::Schedule",
      pointer: "/Resources/Hourly/Properties/Target",
    });
    expect(found.document).toEqual({
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
      taskDefinition: "job:7",
      launchType: "FARGATE",
      count: 1,
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
      placementStrategy: [{ type: "binpack", field: "memory" }],
    });
    expect(asKind(found.resource, "Task").networkConfiguration).toEqual({
      awsvpcConfiguration: { assignPublicIp: "ENABLED" },
    });
    expect(found.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp")).toBe(
      "/EcsParameters/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp",
    );
    expect(found.locate("/placementStrategy/0/field")).toBe("/EcsParameters/PlacementStrategy/0/Field");
    expect(found.locate("/cluster")).toBe("/Arn");
  });

  it.each([
    ["a Lambda target", { Arn: "arn:aws:lambda:eu-west-1:123456789012:function:f", RoleArn: "r" }],
    ["a target that is not an object", "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"],
    ["EcsParameters set to AWS::NoValue", { Arn: "prod", EcsParameters: { Ref: "AWS::NoValue" } }],
    ["EcsParameters set to null", { Arn: "prod", EcsParameters: null }],
  ])("ignores %s", (_name, target) => {
    expect(ecsResourcesFromTemplate(schedule(target))).toEqual([]);
  });
});

describe("Ref", () => {
  const parameters = {
    Mode: { Type: "String", Default: "host" },
    Cpu: { Type: "Number", Default: 256 },
    Uid: { Type: "Number", Default: 1000 },
    Compatibilities: { Type: "CommaDelimitedList", Default: "EC2, FARGATE" },
    Subnets: { Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1,subnet-2" },
    Empty: { Type: "String", Default: "" },
    Image: { Type: "String" },
    Ami: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/aws/service/ecs/image" },
    Circular: { Type: "String", Default: { Ref: "Circular" } },
  };
  const sections = {
    Parameters: parameters,
    Conditions: { IsProd: { "Fn::Equals": ["a", "b"] } },
  };
  const withContainer = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    taskDefinitionOf({ ContainerDefinitions: [{ Name: "app", ...container }], ...extra }, sections);

  it("resolves a parameter's string Default", () => {
    const found = taskDefinitionOf({ NetworkMode: { Ref: "Mode" } }, sections);
    expect(asKind(found.resource, "TaskDefinition").networkMode).toBe("host");
    expect(found.locate("/networkMode")).toBe("/Properties/NetworkMode");
  });

  it("resolves a parameter's number Default", () => {
    const found = withContainer({ Cpu: { Ref: "Cpu" }, User: { Ref: "Uid" } });
    expect(found.document).toEqual({ containerDefinitions: [{ name: "app", cpu: 256, user: 1000 }] });
    expect(firstContainer(found.resource)).toMatchObject({ user: "1000" });
  });

  it("resolves an empty Default", () => {
    expect(withContainer({ User: { Ref: "Empty" } }).document).toEqual({
      containerDefinitions: [{ name: "app", user: "" }],
    });
  });

  it.each([
    ["CommaDelimitedList", "Compatibilities", ["EC2", "FARGATE"]],
    ["List<…>", "Subnets", ["subnet-1", "subnet-2"]],
  ])("splits a %s Default into a list", (_type, parameter, expected) => {
    const found = taskDefinitionOf({ RequiresCompatibilities: { Ref: parameter } }, sections);
    expect(asKind(found.resource, "TaskDefinition").requiresCompatibilities).toEqual(expected);
    expect(found.locate("/requiresCompatibilities/1")).toBe("/Properties/RequiresCompatibilities");
  });

  it.each([
    [
      "a parameter without Default",
      "Image",
      "Ref to parameter Image, which has no Default, cannot be resolved offline",
    ],
    [
      "an SSM parameter",
      "Ami",
      "Ref to parameter Ami, read from SSM at deployment, cannot be resolved offline",
    ],
    ["a resource", "Worker", "Ref to resource Worker (AWS::ECS::TaskDefinition) cannot be resolved offline"],
    ["a pseudo parameter", "AWS::Region", "Ref to pseudo parameter AWS::Region cannot be resolved offline"],
    [
      "an undeclared name",
      "Nowhere",
      "Ref to Nowhere, which the template does not declare, cannot be resolved offline",
    ],
    [
      "an inherited property name",
      "toString",
      "Ref to toString, which the template does not declare, cannot be resolved offline",
    ],
  ])("leaves a Ref to %s unresolved", (_name, target, reason) => {
    const found = withContainer({ Image: { Ref: target } });
    expect(firstContainer(found.resource)).toMatchObject({
      image: unresolved(reason, "/containerDefinitions/0/image"),
    });
    expect(found.locate("/containerDefinitions/0/image")).toBe("/Properties/ContainerDefinitions/0/Image");
  });

  it("does not follow a Ref inside a Default", () => {
    const found = withContainer({ Image: { Ref: "Circular" } });
    expect(firstContainer(found.resource)).toMatchObject({
      image: unresolved(
        "Ref to Circular, which the template does not declare, cannot be resolved offline",
        "/containerDefinitions/0/image",
      ),
    });
  });

  it("removes a property set to AWS::NoValue", () => {
    const found = withContainer({ User: { Ref: "AWS::NoValue" }, Privileged: { Ref: "AWS::NoValue" } });
    expect(found.document).toEqual({ containerDefinitions: [{ name: "app" }] });
    expect(firstContainer(found.resource)).toMatchObject({ user: undefined, privileged: undefined });
    expect(found.locate("/containerDefinitions/0/user")).toBe("/Properties/ContainerDefinitions/0/User");
  });

  it("removes a list element set to AWS::NoValue, and locates the elements after it", () => {
    const found = taskDefinitionOf({
      ContainerDefinitions: [{ Ref: "AWS::NoValue" }, { Name: "app", Privileged: true }],
    });
    expect(found.document).toEqual({ containerDefinitions: [{ name: "app", privileged: true }] });
    expect(found.locate("/containerDefinitions/0/privileged")).toBe(
      "/Properties/ContainerDefinitions/1/Privileged",
    );
    expect(found.locate("/containerDefinitions/0/user")).toBe("/Properties/ContainerDefinitions/1/User");
  });

  it("reads a template without Parameters", () => {
    const found = taskDefinitionOf({ NetworkMode: { Ref: "Mode" } }, { Parameters: "none" });
    expect(asKind(found.resource, "TaskDefinition").networkMode).toEqual(
      unresolved(
        "Ref to Mode, which the template does not declare, cannot be resolved offline",
        "/networkMode",
      ),
    );
  });
});

describe("other intrinsic functions", () => {
  const ifProd = { "Fn::If": ["IsProd", true, false] };
  const reasonIfProd = "Fn::If on condition IsProd cannot be resolved offline";

  it("as a property", () => {
    const found = taskDefinitionOf({ ContainerDefinitions: [{ Name: "app", Privileged: ifProd }] });
    expect(firstContainer(found.resource)).toMatchObject({
      privileged: unresolved(reasonIfProd, "/containerDefinitions/0/privileged"),
    });
    expect(found.locate("/containerDefinitions/0/privileged")).toBe(
      "/Properties/ContainerDefinitions/0/Privileged",
    );
  });

  it("as a list element", () => {
    const found = taskDefinitionOf({
      RequiresCompatibilities: ["EC2", { "Fn::If": ["IsProd", "FARGATE", "EC2"] }],
    });
    expect(asKind(found.resource, "TaskDefinition").requiresCompatibilities).toEqual([
      "EC2",
      unresolved(reasonIfProd, "/requiresCompatibilities/1"),
    ]);
    expect(found.locate("/requiresCompatibilities/1")).toBe("/Properties/RequiresCompatibilities/1");
  });

  it("as a whole container definition: every field below it is located at the function", () => {
    const found = taskDefinitionOf({
      ContainerDefinitions: [
        { "Fn::If": ["IsProd", { Name: "a", Privileged: true }, { Ref: "AWS::NoValue" }] },
      ],
    });
    const containers = asKind(found.resource, "TaskDefinition").containerDefinitions;
    expect(containers).toEqual([unresolved(reasonIfProd, "/containerDefinitions/0")]);
    expect(found.locate("/containerDefinitions/0/user")).toBe("/Properties/ContainerDefinitions/0");
    expect(found.locate("/containerDefinitions/0/privileged")).toBe("/Properties/ContainerDefinitions/0");
  });

  it("as the whole Properties", () => {
    const found = taskDefinitionOf({
      "Fn::If": ["IsProd", { NetworkMode: "host" }, { NetworkMode: "awsvpc" }],
    });
    const whole = unresolved(reasonIfProd, "");
    expect(found.document).toEqual(whole);
    expect(asKind(found.resource, "TaskDefinition")).toMatchObject({
      networkMode: whole,
      containerDefinitions: whole,
    });
    expect(found.locate("/networkMode")).toBe("/Properties");
  });

  it("as the value of a free-form map", () => {
    const found = taskDefinitionOf({
      ContainerDefinitions: [{ DockerLabels: { team: { "Fn::Sub": "team-a" } } }],
    });
    expect(found.document).toEqual({
      containerDefinitions: [
        {
          dockerLabels: {
            team: unresolved(
              "Fn::Sub cannot be resolved offline",
              "/containerDefinitions/0/dockerLabels/team",
            ),
          },
        },
      ],
    });
  });

  it.each([
    [{ "Fn::Sub": "arn:aws:iam::123456789012:root" }, "Fn::Sub cannot be resolved offline"],
    [{ "Fn::GetAtt": ["Role", "Arn"] }, "Fn::GetAtt Role.Arn cannot be resolved offline"],
    [{ "Fn::GetAtt": "Role.Arn" }, "Fn::GetAtt Role.Arn cannot be resolved offline"],
    [{ "Fn::Join": ["", ["a", "b"]] }, "Fn::Join cannot be resolved offline"],
    [{ "Fn::Select": [0, ["a"]] }, "Fn::Select cannot be resolved offline"],
    [{ "Fn::FindInMap": ["Map", "Key", "Value"] }, "Fn::FindInMap cannot be resolved offline"],
    [{ "Fn::ImportValue": "Shared-User" }, "Fn::ImportValue cannot be resolved offline"],
    [{ "Fn::Base64": "x" }, "Fn::Base64 cannot be resolved offline"],
    [{ "Fn::If": "malformed" }, "Fn::If cannot be resolved offline"],
    [{ Condition: "IsProd" }, "Condition IsProd cannot be resolved offline"],
    [{ Ref: ["not", "a", "name"] }, "Ref without a logical name cannot be resolved offline"],
  ])("%j is unresolved", (intrinsic, reason) => {
    const found = taskDefinitionOf({ ContainerDefinitions: [{ Name: "app", User: intrinsic }] });
    expect(firstContainer(found.resource)).toMatchObject({
      user: unresolved(reason, "/containerDefinitions/0/user"),
    });
  });

  it.each([
    [
      "Fn::GetAtt as a list",
      { "Fn::GetAtt": ["TaskRole", "Arn"] },
      { logicalId: "TaskRole", attribute: "Arn" },
    ],
    ["Fn::GetAtt as a string", { "Fn::GetAtt": "TaskRole.Arn" }, { logicalId: "TaskRole", attribute: "Arn" }],
    [
      "Fn::GetAtt of a dotted attribute",
      { "Fn::GetAtt": "Database.Endpoint.Address" },
      { logicalId: "Database", attribute: "Endpoint.Address" },
    ],
    ["Ref", { Ref: "TaskRole" }, { logicalId: "TaskRole" }],
  ])("names the resource that an unresolved %s refers to", (_form, intrinsic, reference) => {
    const template = {
      Resources: {
        TaskRole: { Type: "AWS::IAM::Role" },
        Database: { Type: "AWS::RDS::DBInstance" },
        Worker: { Type: "AWS::ECS::TaskDefinition", Properties: { TaskRoleArn: intrinsic } },
      },
    };
    const found = onlyResource(template);
    expect(asKind(found.resource, "TaskDefinition").taskRoleArn).toEqual({
      unresolved: expect.any(String),
      at: "/taskRoleArn",
      reference,
    });
  });

  it.each([
    ["a resource the template does not declare", { "Fn::GetAtt": ["Elsewhere", "Arn"] }],
    ["an attribute that is itself a function", { "Fn::GetAtt": ["TaskRole", { Ref: "Attribute" }] }],
    ["a parameter", { Ref: "Role" }],
    ["a pseudo parameter", { Ref: "AWS::AccountId" }],
    ["another function", { "Fn::Join": ["/", ["arn:aws:iam::123456789012:role", { Ref: "TaskRole" }]] }],
  ])("names no resource for %s", (_case, intrinsic) => {
    const found = taskDefinitionOf({ TaskRoleArn: intrinsic }, { Parameters: { Role: { Type: "String" } } });
    const { taskRoleArn } = asKind(found.resource, "TaskDefinition");
    expect(taskRoleArn).toMatchObject({ at: "/taskRoleArn" });
    expect(taskRoleArn).not.toHaveProperty("reference");
  });

  it("reads an object with more than one key, such as a DependsOn entry with Condition, as data", () => {
    const found = taskDefinitionOf({
      ContainerDefinitions: [{ DependsOn: [{ Condition: "START", ContainerName: "init" }] }],
    });
    expect(found.document).toEqual({
      containerDefinitions: [{ dependsOn: [{ condition: "START", containerName: "init" }] }],
    });
  });

  it("reads EcsParameters that are an intrinsic function as unknown RunTask fields", () => {
    const found = onlyResource({
      Resources: {
        Rule: {
          Type: "AWS::Events::Rule",
          Properties: {
            Targets: [
              { Arn: "prod", EcsParameters: { "Fn::If": ["IsProd", { LaunchType: "FARGATE" }, {}] } },
            ],
          },
        },
      },
    });
    const task = asKind(found.resource, "Task");
    expect(task.cluster).toBe("prod");
    expect(task.launchType).toEqual(unresolved(reasonIfProd, "/launchType"));
    expect(task.networkConfiguration).toEqual(unresolved(reasonIfProd, "/networkConfiguration"));
    expect(found.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp")).toBe("/EcsParameters");
    expect(found.locate("/cluster")).toBe("/Arn");
  });
});

describe("templates that are not well formed", () => {
  it.each([
    ["null", null],
    ["a string", "Resources"],
    ["no Resources", { AWSTemplateFormatVersion: "2010-09-09" }],
    ["Resources as a list", { Resources: [{ Type: "AWS::ECS::TaskDefinition" }] }],
  ])("%s has no resources", (_name, template) => {
    expect(ecsResourcesFromTemplate(template)).toEqual([]);
  });

  it("skips Resources entries that are not objects or have no string Type", () => {
    const template = {
      Resources: {
        Text: "AWS::ECS::TaskDefinition",
        Nothing: null,
        List: [{ Type: "AWS::ECS::TaskDefinition" }],
        Untyped: { Properties: { NetworkMode: "host" } },
        NumberTyped: { Type: 7, Properties: {} },
        Kept: { Type: "AWS::ECS::TaskDefinition", Properties: { NetworkMode: "host" } },
        Inherited: { Type: "constructor", Properties: {} },
      },
    };
    expect(ecsResourcesFromTemplate(template).map((found) => found.logicalId)).toEqual(["Kept"]);
  });

  it.each([
    ["a string", "oops", "Properties is a string, not an object"],
    ["a list", [{ NetworkMode: "host" }], "Properties is a list, not an object"],
    ["a number", 3, "Properties is a number, not an object"],
  ])("reads Properties that are %s as unknown", (_name, properties, reason) => {
    const found = taskDefinitionOf(properties);
    const whole = unresolved(reason, "");
    expect(found.document).toEqual(whole);
    expect(asKind(found.resource, "TaskDefinition")).toMatchObject({
      networkMode: whole,
      containerDefinitions: whole,
    });
    expect(found.locate("/containerDefinitions/0/user")).toBe("/Properties");
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["AWS::NoValue", { Ref: "AWS::NoValue" }],
  ])("reads Properties that are %s as an empty document", (_name, properties) => {
    const found = taskDefinitionOf(properties);
    expect(found.document).toEqual({});
    expect(asKind(found.resource, "TaskDefinition")).toMatchObject({
      networkMode: undefined,
      containerDefinitions: undefined,
    });
    expect(found.locate("/containerDefinitions/0/user")).toBe("/Properties/ContainerDefinitions/0/User");
  });

  it("reads a mistyped property through the normalizer", () => {
    const found = taskDefinitionOf({ ContainerDefinitions: "app" });
    expect(asKind(found.resource, "TaskDefinition").containerDefinitions).toEqual(
      unresolved('expected a list, found string "app"', "/containerDefinitions"),
    );
  });

  it.each([
    ["Properties that are an intrinsic function", { "Fn::If": ["C", { Targets: [] }, {}] }],
    ["Properties that are a string", "oops"],
    ["Targets that are an intrinsic function", { Targets: { "Fn::If": ["C", [], []] } }],
    ["Targets that are not a list", { Targets: "all" }],
    ["targets that are not objects", { Targets: ["a", null, 3, [1]] }],
    [
      "a target that is an intrinsic function",
      { Targets: [{ "Fn::If": ["C", { Arn: "x", EcsParameters: {} }, {}] }] },
    ],
  ])("reads no tasks from a rule with %s", (_name, properties) => {
    expect(
      ecsResourcesFromTemplate({
        Resources: { Rule: { Type: "AWS::Events::Rule", Properties: properties } },
      }),
    ).toEqual([]);
  });

  it("reads EcsParameters that are not an object as unknown", () => {
    const found = onlyResource({
      Resources: {
        Rule: { Type: "AWS::Events::Rule", Properties: { Targets: [{ EcsParameters: "FARGATE" }] } },
      },
    });
    const reason = "EcsParameters is a string, not an object";
    expect(found.document).toEqual({
      taskDefinition: unresolved(reason, "/taskDefinition"),
      launchType: unresolved(reason, "/launchType"),
      networkConfiguration: unresolved(reason, "/networkConfiguration"),
    });
    expect(found.locate("/cluster")).toBe("/Arn");
  });
});

describe("scanning a template", () => {
  it("keeps Resources order, then target order, and scans resources with a Condition", () => {
    const template = {
      Resources: {
        Rule: {
          Type: "AWS::Events::Rule",
          Properties: {
            Targets: [
              { Arn: "a", EcsParameters: {} },
              { Arn: "b", EcsParameters: {} },
            ],
          },
        },
        Bucket: { Type: "AWS::S3::Bucket" },
        Web: { Type: "AWS::ECS::Service", Condition: "IsProd", Properties: {} },
        Definition: { Type: "AWS::ECS::TaskDefinition", Condition: "IsProd", Properties: {} },
        Canary: { Type: "AWS::ECS::TaskSet", Properties: {} },
        Hourly: { Type: "AWS::Scheduler::Schedule", Properties: { Target: { Arn: "c", EcsParameters: {} } } },
      },
    };
    expect(
      ecsResourcesFromTemplate(template).map(({ pointer, resource }) => [pointer, resource.kind]),
    ).toEqual([
      ["/Resources/Rule/Properties/Targets/0", "Task"],
      ["/Resources/Rule/Properties/Targets/1", "Task"],
      ["/Resources/Web", "Service"],
      ["/Resources/Definition", "TaskDefinition"],
      ["/Resources/Canary", "TaskSet"],
      ["/Resources/Hourly/Properties/Target", "Task"],
    ]);
  });
});

describe("real templates in ../shared/data/cfn", () => {
  const directory = join(SHARED_DATA_DIRECTORY, "cfn");
  if (!sharedDataAvailable) warnSharedDataAbsent("the CloudFormation template tests");

  interface Expectation {
    /** [logical id, type, pointer] per resource found. */
    readonly found: readonly (readonly [string, string, string])[];
    readonly check?: (found: readonly CloudFormationResource[], text: string) => void;
  }

  const taskDefinition = (found: readonly CloudFormationResource[], index: number): TaskDefinition =>
    asKind(found[index]?.resource ?? fail(), "TaskDefinition");
  const service = (found: readonly CloudFormationResource[], index: number): Service =>
    asKind(found[index]?.resource ?? fail(), "Service");
  const task = (found: readonly CloudFormationResource[], index: number): Task =>
    asKind(found[index]?.resource ?? fail(), "Task");

  const expectations: Readonly<Record<string, Expectation>> = {
    "aws-cloudformation__aws-cloudformation-templates__EC2LaunchType-private-service.json": {
      found: [
        ["TaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/TaskDefinition"],
        ["Service", "AWS::ECS::Service", "/Resources/Service"],
      ],
      check: (found) => {
        expect(taskDefinition(found, 0)).toMatchObject({
          family: "nginx",
          containerDefinitions: [{ name: "nginx", image: "nginx", user: undefined, privileged: undefined }],
        });
        expect(found[0]?.document).toMatchObject({
          cpu: 256,
          memory: 512,
          containerDefinitions: [{ portMappings: [{ containerPort: 80 }] }],
        });
        expect(service(found, 1).cluster).toEqual(
          unresolved("Fn::ImportValue cannot be resolved offline", "/cluster"),
        );
      },
    },
    "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml": {
      found: [
        ["ECSCluster", "AWS::ECS::Cluster", "/Resources/ECSCluster"],
        ["TaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/TaskDefinition"],
        ["Service", "AWS::ECS::Service", "/Resources/Service"],
        ["ECSScheduledTask", "AWS::Events::Rule", "/Resources/ECSScheduledTask/Properties/Targets/0"],
      ],
      check: (found) => {
        expect(taskDefinition(found, 1).containerDefinitions).toMatchObject([
          { name: "simple-app" },
          { name: "busybox" },
        ]);
        expect(found[1]?.document).toMatchObject({
          containerDefinitions: [
            { logConfiguration: { options: { "awslogs-stream-prefix": "ecs-demo-app" } } },
            {},
          ],
        });
        expect(task(found, 3)).toMatchObject({
          cluster: unresolved("Fn::GetAtt ECSCluster.Arn cannot be resolved offline", "/cluster"),
          launchType: undefined,
          networkConfiguration: undefined,
        });
        expect(found[3]?.document).toMatchObject({ count: 1 });
        expect(found[3]?.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp")).toBe(
          "/EcsParameters/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
        );
      },
    },
    "aws-cloudformation__aws-cloudformation-templates__FargateLaunchType-public-service.yaml": {
      found: [
        ["TaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/TaskDefinition"],
        ["Service", "AWS::ECS::Service", "/Resources/Service"],
      ],
      check: (found, text) => {
        expect(taskDefinition(found, 0)).toMatchObject({
          networkMode: "awsvpc",
          requiresCompatibilities: ["FARGATE"],
        });
        expect(service(found, 1)).toMatchObject({
          launchType: "FARGATE",
          networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "ENABLED" } },
        });
        const templatePointer = found[1]?.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp");
        expect(templatePointer).toBe("/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp");
        expect(parseDocument(text).positionOf(`/Resources/Service${templatePointer}`)).toEqual(
          positionOfLine(text, "AssignPublicIp: ENABLED"),
        );
      },
    },
    "aws-samples__amazon-cloudwatch-container-insights__cwagent-ecs-instance-metric-cfn.json": {
      found: [
        ["ECSTaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/ECSTaskDefinition"],
        ["ECSDaemonService", "AWS::ECS::Service", "/Resources/ECSDaemonService"],
      ],
      check: (found) => {
        expect(taskDefinition(found, 0)).toMatchObject({
          networkMode: "bridge",
          requiresCompatibilities: ["EC2"],
        });
        expect(found[0]?.document).toMatchObject({
          taskRoleArn: unresolved(
            "Fn::If on condition CreateRoles cannot be resolved offline",
            "/taskRoleArn",
          ),
          volumes: [{ name: "proc", host: { sourcePath: "/proc" } }, {}, {}, {}],
          containerDefinitions: [{ logConfiguration: { options: { "awslogs-create-group": "True" } } }],
        });
        expect(service(found, 1)).toMatchObject({ launchType: "EC2", serviceName: "cwagent-daemon-service" });
      },
    },
    "aws-samples__ecs-refarch-cloudformation__product-service.yaml": {
      found: [
        ["Service", "AWS::ECS::Service", "/Resources/Service"],
        ["TaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/TaskDefinition"],
      ],
      check: (found) => {
        expect(taskDefinition(found, 1)).toMatchObject({ family: "product-service", networkMode: undefined });
        expect(found[1]?.locate("/networkMode")).toBe("/Properties/NetworkMode");
      },
    },
    "aws-samples__ecs-refarch-cloudformation__website-service.yaml": {
      found: [
        ["Service", "AWS::ECS::Service", "/Resources/Service"],
        ["TaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/TaskDefinition"],
      ],
      check: (found) => {
        expect(found[1]?.document).toMatchObject({
          containerDefinitions: [
            {
              environment: [
                {
                  name: "PRODUCT_SERVICE_URL",
                  value: unresolved(
                    "Ref to parameter ProductServiceUrl, which has no Default, cannot be resolved offline",
                    "/containerDefinitions/0/environment/0/value",
                  ),
                },
              ],
            },
          ],
        });
      },
    },
    "bridgecrewio__checkov__graph-complex_jsonpath_if_condition.yaml": {
      found: [
        ["PassingExample", "AWS::ECS::TaskDefinition", "/Resources/PassingExample"],
        ["FailingExample", "AWS::ECS::TaskDefinition", "/Resources/FailingExample"],
      ],
      check: (found, text) => {
        expect(taskDefinition(found, 0)).toMatchObject({
          networkMode: "awsvpc",
          containerDefinitions: [
            unresolved(
              "Fn::If on condition IsTrueCondition cannot be resolved offline",
              "/containerDefinitions/0",
            ),
          ],
        });
        expect(found[1]?.locate("/containerDefinitions/0/user")).toBe("/Properties/ContainerDefinitions/0");
        expect(found[0]?.document).toMatchObject({
          cpu: 1024,
          memory: 2048,
          tags: [{ key: "application_name" }],
        });
        const position = parseDocument(text).positionOf(
          "/Resources/FailingExample/Properties/ContainerDefinitions/0",
        );
        expect(position?.line).toBe(lineOf(text, "IsFalseCondition", 2) - 1);
      },
    },
    "bridgecrewio__checkov__graph-params-identical-defaults.yaml": {
      found: [
        ["Pass", "AWS::ECS::TaskDefinition", "/Resources/Pass"],
        ["Fail", "AWS::ECS::TaskDefinition", "/Resources/Fail"],
      ],
      check: (found) => {
        expect(taskDefinition(found, 1)).toMatchObject({
          networkMode: "bridge",
          containerDefinitions: [{ name: "my-container" }],
        });
        expect(found[1]?.document).toMatchObject({
          containerDefinitions: [
            {
              logConfiguration: unresolved(
                "Fn::If on condition FalseCheck cannot be resolved offline",
                "/containerDefinitions/0/logConfiguration",
              ),
            },
          ],
        });
      },
    },
    "bridgecrewio__checkov__image_referencer-ecs.yaml": {
      found: [["Ecs", "AWS::ECS::TaskDefinition", "/Resources/Ecs"]],
      check: (found) => {
        expect(taskDefinition(found, 0).containerDefinitions).toMatchObject([
          { name: "my-app", image: "amazon/amazon-ecs-sample", user: undefined },
          { name: "busybox", image: "busybox" },
        ]);
        expect(found[0]?.document).toMatchObject({
          containerDefinitions: [
            {},
            { dependsOn: [{ containerName: "my-app", condition: "START" }], essential: false },
          ],
        });
      },
    },
    "prowler-cloud__prowler__CF-Prowler-ECS.yml": {
      found: [
        ["ProwlerECSCluster", "AWS::ECS::Cluster", "/Resources/ProwlerECSCluster"],
        ["ProwlerECSTaskDefinition", "AWS::ECS::TaskDefinition", "/Resources/ProwlerECSTaskDefinition"],
        ["ProwlerTaskScheduler", "AWS::Events::Rule", "/Resources/ProwlerTaskScheduler/Properties/Targets/0"],
      ],
      check: (found, text) => {
        expect(found[0]?.resource).toMatchObject({ kind: "Cluster", clusterName: "ProwlerCluster" });
        expect(taskDefinition(found, 1)).toMatchObject({
          family: "SecurityHubProwlerTask",
          networkMode: "awsvpc",
          containerDefinitions: [{ name: "prowler", privileged: undefined, user: undefined }],
        });
        expect(task(found, 2)).toMatchObject({
          launchType: "FARGATE",
          networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "DISABLED" } },
          taskDefinition: unresolved(
            "Ref to resource ProwlerECSTaskDefinition (AWS::ECS::TaskDefinition) cannot be resolved offline",
            "/taskDefinition",
          ),
        });
        const scheduled = found[2];
        const templatePointer = scheduled?.locate("/networkConfiguration/awsvpcConfiguration/assignPublicIp");
        expect(templatePointer).toBe(
          "/EcsParameters/NetworkConfiguration/AwsVpcConfiguration/AssignPublicIp",
        );
        expect(parseDocument(text).positionOf(`${scheduled?.pointer}${templatePointer}`)).toEqual(
          positionOfLine(text, "AssignPublicIp: DISABLED"),
        );
      },
    },
  };

  const files = sharedDataAvailable ? readdirSync(directory).sort() : [];

  it.skipIf(!sharedDataAvailable)("has an expectation for every template", () => {
    expect(files).toEqual(Object.keys(expectations).sort());
  });

  it.each(files)("%s", (file) => {
    const text = readFileSync(join(directory, file), "utf8");
    const document = parseDocument(text);
    expect(isCloudFormationTemplate(document.value)).toBe(true);
    const found = ecsResourcesFromTemplate(document.value);
    const expectation = expectations[file];
    expect(found.map(({ logicalId, type, pointer }) => [logicalId, type, pointer])).toEqual(
      expectation?.found,
    );
    for (const resource of found) {
      expect(document.positionOf(resource.pointer)).toBeDefined();
    }
    expectation?.check?.(found, text);
  });
});

function fail(): never {
  throw new Error("resource missing");
}

/** The 1-based line of the `occurrence`-th line containing `text`. */
function lineOf(source: string, text: string, occurrence = 1): number {
  let seen = 0;
  const lines = source.split("\n");
  const index = lines.findIndex((line) => line.includes(text) && ++seen === occurrence);
  if (index === -1) throw new Error(`no line contains ${text}`);
  return index + 1;
}

/** The position of the first character of `text` on the line where it first occurs. */
function positionOfLine(source: string, text: string): { line: number; column: number } {
  const line = lineOf(source, text);
  return { line, column: (source.split("\n")[line - 1] ?? "").indexOf(text) + 1 };
}
