import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deploymentStateChangeNames } from "../../events/schemas/deployment-state-change.ts";
import { serviceActionEventNames } from "../../events/schemas/service-action.ts";
import { evaluatePolicies } from "../../shared/engine/evaluate.ts";
import { accountSettingFromApi } from "../../shared/model/account-setting.ts";
import { capacityProviderFromApi } from "../../shared/model/capacity-provider.ts";
import { clusterFromApi } from "../../shared/model/cluster.ts";
import { runningTaskFromApi } from "../../shared/model/running-task.ts";
import { serviceFromApi } from "../../shared/model/service.ts";
import { serviceEventFromEvent } from "../../shared/model/service-event.ts";
import { taskFromLaunch } from "../../shared/model/task.ts";
import { taskDefinitionFromApi } from "../../shared/model/task-definition.ts";
import { taskSetFromApi } from "../../shared/model/task-set.ts";
import type { Resource } from "../../shared/model/types.ts";
import { policies } from "../../shared/policies/index.ts";

/**
 * Properties over inputs the SDK types allow (and garbage besides): no policy throws, and the same input
 * always gives the same verdicts. A throwing policy would show as an "error" evidence line.
 */
const SEED = 20261124;
const RUNS = 300;

/** Values that steer policies into their branches, mixed with arbitrary strings. */
const interesting = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "host",
    "awsvpc",
    "bridge",
    "none",
    "task",
    "root",
    "0",
    "0:0",
    "1000",
    ":1000",
    "ContainerAdministrator",
    "ENABLED",
    "DISABLED",
    "LATEST",
    "1.4.0",
    "1.0.0",
    "FARGATE",
    "FARGATE_SPOT",
    "EC2",
    "EXTERNAL",
    "LINUX",
    "WINDOWS_SERVER_2022_CORE",
    "ALL",
    "SYS_ADMIN",
    "SYS_PTRACE",
    "NET_RAW",
    "awslogs",
    "awsfirelens",
    "json-file",
    "nginx",
    "nginx:latest",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "/var/run/docker.sock",
    "/",
    "no-new-privileges",
    "apparmor:unconfined",
    "containerInsights",
    "enabled",
    "enhanced",
    "NONE",
    "OVERRIDE",
    "SERVICE",
    "arn:aws:iam::123456789012:role/app",
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
    "AKIAIOSFODNN7EXAMPLE",
    "ecs-guardrails:exempt",
    "all",
    "awsvpcTrunking",
    "taskLongArnFormat",
    "fargateFIPSMode",
    "tagResourceAuthorization",
    "on",
    "arn:aws:iam::123456789012:root",
    "arn:aws-us-gov:iam::123456789012:root",
  ),
  fc.string(),
);
const scalar = fc.oneof(interesting, fc.boolean(), fc.integer({ min: -1, max: 100_000 }), fc.constant(null));
const unresolvedMarker = fc.record({
  unresolved: fc.string(),
  at: fc.constantFrom("", "/x", "/containerDefinitions/0"),
});
const value = fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: unresolvedMarker });
const strings = fc.array(fc.oneof(interesting, unresolvedMarker), { maxLength: 4 });
const keyValues = fc.array(
  fc.record({ name: interesting, value: interesting, key: interesting }, { requiredKeys: [] }),
  {
    maxLength: 3,
  },
);

const containerDefinition = fc.record(
  {
    name: value,
    image: value,
    essential: value,
    privileged: value,
    user: value,
    readonlyRootFilesystem: value,
    cpu: value,
    memory: value,
    memoryReservation: value,
    stopTimeout: value,
    environment: keyValues,
    environmentFiles: fc.array(fc.record({ type: value, value: value }), { maxLength: 2 }),
    secrets: fc.array(fc.record({ name: value, valueFrom: value }), { maxLength: 2 }),
    logConfiguration: fc.record(
      {
        logDriver: value,
        options: fc.dictionary(interesting, interesting, { maxKeys: 3 }),
        secretOptions: fc.array(fc.record({ name: value, valueFrom: value })),
      },
      { requiredKeys: [] },
    ),
    firelensConfiguration: fc.record({ type: value }, { requiredKeys: [] }),
    linuxParameters: fc.record(
      {
        capabilities: fc.record({ add: strings, drop: strings }, { requiredKeys: [] }),
        devices: fc.array(fc.record({ hostPath: value, containerPath: value })),
        initProcessEnabled: value,
      },
      { requiredKeys: [] },
    ),
    dockerSecurityOptions: strings,
    healthCheck: fc.record({ command: strings }, { requiredKeys: [] }),
    portMappings: fc.array(fc.record({ containerPort: value, hostPort: value }, { requiredKeys: [] })),
    mountPoints: fc.array(
      fc.record({ sourceVolume: value, containerPath: value, readOnly: value }, { requiredKeys: [] }),
    ),
    repositoryCredentials: fc.record({ credentialsParameter: value }, { requiredKeys: [] }),
    dependsOn: fc.array(fc.record({ containerName: value, condition: value }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

const tags = fc.array(fc.record({ key: interesting, value: interesting }), { maxLength: 4 });
const networkConfiguration = fc.record(
  {
    awsvpcConfiguration: fc.record(
      { assignPublicIp: value, subnets: strings, securityGroups: strings },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const strategy = fc.array(
  fc.record({ capacityProvider: value, weight: value, base: value }, { requiredKeys: [] }),
  {
    maxLength: 3,
  },
);

const documents = {
  TaskDefinition: fc.record(
    {
      family: value,
      networkMode: value,
      pidMode: value,
      ipcMode: value,
      cpu: value,
      memory: value,
      taskRoleArn: value,
      executionRoleArn: value,
      requiresCompatibilities: strings,
      runtimePlatform: fc.record(
        { operatingSystemFamily: value, cpuArchitecture: value },
        { requiredKeys: [] },
      ),
      containerDefinitions: fc.oneof(fc.array(containerDefinition, { maxLength: 3 }), unresolvedMarker),
      volumes: fc.array(
        fc.record(
          {
            name: value,
            host: fc.record({ sourcePath: value }, { requiredKeys: [] }),
            efsVolumeConfiguration: fc.record(
              {
                fileSystemId: value,
                transitEncryption: value,
                authorizationConfig: fc.record({ iam: value, accessPointId: value }, { requiredKeys: [] }),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      tags,
    },
    { requiredKeys: [] },
  ),
  Service: fc.record(
    {
      serviceName: value,
      launchType: value,
      platformVersion: value,
      platformFamily: value,
      desiredCount: value,
      schedulingStrategy: value,
      capacityProviderStrategy: strategy,
      networkConfiguration,
      enableECSManagedTags: value,
      propagateTags: value,
      enableExecuteCommand: value,
      deploymentConfiguration: fc.record(
        {
          deploymentCircuitBreaker: fc.record({ enable: value, rollback: value }, { requiredKeys: [] }),
          minimumHealthyPercent: value,
          maximumPercent: value,
        },
        { requiredKeys: [] },
      ),
      deploymentController: fc.record({ type: value }, { requiredKeys: [] }),
      serviceRegistries: fc.array(fc.record({ registryArn: value })),
      tags,
    },
    { requiredKeys: [] },
  ),
  TaskSet: fc.record(
    {
      launchType: value,
      platformVersion: value,
      platformFamily: value,
      capacityProviderStrategy: strategy,
      networkConfiguration,
      tags,
    },
    { requiredKeys: [] },
  ),
  Task: fc.record(
    {
      launchType: value,
      platformVersion: value,
      capacityProviderStrategy: strategy,
      networkConfiguration,
      enableECSManagedTags: value,
      propagateTags: value,
      enableExecuteCommand: value,
      tags,
    },
    { requiredKeys: [] },
  ),
  Cluster: fc.record(
    {
      clusterName: value,
      settings: keyValues,
      configuration: fc.record(
        {
          executeCommandConfiguration: fc.record(
            {
              kmsKeyId: value,
              logging: value,
              logConfiguration: fc.record(
                {
                  cloudWatchLogGroupName: value,
                  cloudWatchEncryptionEnabled: value,
                  s3BucketName: value,
                  s3EncryptionEnabled: value,
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          ),
          managedStorageConfiguration: fc.record(
            { kmsKeyId: value, fargateEphemeralStorageKmsKeyId: value },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      capacityProviders: strings,
      defaultCapacityProviderStrategy: strategy,
      tags,
    },
    { requiredKeys: [] },
  ),
  CapacityProvider: fc.record(
    {
      name: value,
      autoScalingGroupProvider: fc.record(
        {
          autoScalingGroupArn: value,
          managedScaling: fc.record({ status: value, targetCapacity: value }, { requiredKeys: [] }),
          managedTerminationProtection: value,
          managedDraining: value,
        },
        { requiredKeys: [] },
      ),
      tags,
    },
    { requiredKeys: [] },
  ),
  // Native service events, as EventBridge delivers them.
  ServiceEvent: fc.record(
    {
      "detail-type": fc.oneof(fc.constantFrom("ECS Service Action", "ECS Deployment State Change"), value),
      resources: fc.oneof(fc.constant(["arn:aws:ecs:eu-west-1:123456789012:service/prod/web"]), strings),
      detail: fc.record(
        {
          eventName: fc.oneof(
            fc.constantFrom(...Object.values(serviceActionEventNames).flat(), ...deploymentStateChangeNames),
            value,
          ),
          reason: fc.oneof(
            fc.constantFrom("RESOURCE:CPU", "ECS deployment alarms: rolling back to X."),
            value,
          ),
          deploymentId: value,
          clusterArn: value,
          capacityProviderArns: strings,
          containerInstanceArns: strings,
          taskArns: strings,
          serviceRegistryArns: strings,
          targetGroupArns: strings,
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
  // A task as ECS reports it running (Task State Change events), attached through network interfaces.
  RunningTask: fc.record(
    {
      taskArn: value,
      taskDefinitionArn: value,
      attachments: fc.oneof(
        value,
        fc.array(
          fc.record(
            {
              type: fc.oneof(fc.constantFrom("eni", "ElasticNetworkInterface"), value),
              details: fc.oneof(
                value,
                fc.array(
                  fc.record(
                    { name: fc.oneof(fc.constant("networkInterfaceId"), value), value },
                    { requiredKeys: [] },
                  ),
                  { maxLength: 3 },
                ),
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      ),
      tags,
    },
    { requiredKeys: [] },
  ),
  // An account setting as ListAccountSettings lists it and PutAccountSetting(Default) returns it.
  AccountSetting: fc.record({ name: value, value, principalArn: value, type: value }, { requiredKeys: [] }),
};

const normalizers: Record<keyof typeof documents, (document: unknown) => Resource> = {
  AccountSetting: (document) => accountSettingFromApi(document),
  TaskDefinition: taskDefinitionFromApi,
  Service: serviceFromApi,
  TaskSet: taskSetFromApi,
  Task: (document) => taskFromLaunch({}, document),
  Cluster: clusterFromApi,
  CapacityProvider: capacityProviderFromApi,
  ServiceEvent: serviceEventFromEvent,
  RunningTask: runningTaskFromApi,
};

function judge(resource: Resource) {
  return evaluatePolicies(policies, resource, { today: "2026-11-24", resourceId: "robustness#" }).map(
    (verdict) => ({
      policy: verdict.policy.id,
      status: verdict.status,
      evidence: verdict.evidence,
    }),
  );
}

describe("every policy over any input", () => {
  it.each(Object.keys(documents) as (keyof typeof documents)[])(
    "%s: never throws, always decides the same",
    (kind) => {
      fc.assert(
        fc.property(
          fc.oneof({ weight: 4, arbitrary: documents[kind] }, { weight: 1, arbitrary: fc.anything() }),
          (document) => {
            const resource = normalizers[kind](document);
            const first = judge(resource);
            expect(
              first.flatMap((verdict) => verdict.evidence).filter((item) => item.outcome === "error"),
            ).toEqual([]);
            expect(judge(normalizers[kind](structuredClone(document)))).toEqual(first);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    },
  );
});
