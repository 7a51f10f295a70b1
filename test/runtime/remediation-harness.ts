import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  EC2Client,
  ModifyInstanceMetadataOptionsCommand,
} from "@aws-sdk/client-ec2";
import {
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DeregisterTaskDefinitionCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  DescribeTaskSetsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  UpdateCapacityProviderCommand,
  UpdateClusterSettingsCommand,
  UpdateServiceCommand,
  UpdateServicePrimaryTaskSetCommand,
} from "@aws-sdk/client-ecs";
import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, expect } from "vitest";
import { REMEDIATION_REQUEST_DETAIL_TYPE, REMEDIATION_SOURCE } from "../../events/schemas/remediation.ts";
import type { GuardrailsConfig, RemediationMode } from "../../shared/engine/config.ts";
import { EXEMPT_REASON_TAG, EXEMPT_TAG } from "../../shared/engine/exemptions.ts";
import { containerInstanceReader } from "../../shared/hydrate/container-instance-reader.ts";
import { ecsStateReader } from "../../shared/hydrate/ecs-state-reader.ts";
import { inventoryReader } from "../../shared/hydrate/inventory-reader.ts";
import { networkInterfaceReader } from "../../shared/hydrate/network-interface-reader.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { unreadState } from "../../shared/hydrate/unread-state.ts";
import { policies } from "../../shared/policies/index.ts";
import type { RemediationBudget } from "../../shared/remediation/budget.ts";
import { createPipeline, type RecordOutcome } from "../../shared/runtime/pipeline.ts";
import { type RemediationRecord, remediationEvaluators } from "../../shared/runtime/remediation-evaluator.ts";
import { remediationRoute } from "../../shared/runtime/routes.ts";
import { operationOf, validateRequest } from "../helpers/aws-model.ts";
import { sampleEvent } from "../helpers/samples.ts";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const PREFIX = `arn:aws:ecs:${REGION}:${ACCOUNT}`;
export const CLUSTER = `${PREFIX}:cluster/prod`;
export const PRODUCT_ARN = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`;
export const STAGE = "production";
export const GUARDRAIL_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecs-guardrails-production-RemediationRole`;
export const NOW = new Date("2026-11-24T10:15:30.000Z");

export const ecs = mockClient(ECSClient);
export const ec2 = mockClient(EC2Client);
export const securityHub = mockClient(SecurityHubClient);
export const clients = {
  ecs: new ECSClient({ region: REGION }),
  ec2: new EC2Client({ region: REGION }),
  securityHub: new SecurityHubClient({ region: REGION }),
};

/** The simulated account: the resource of the case, broken until the change call repairs it. */
export interface World {
  fixed: boolean;
  tags: { key: string; value: string }[];
}

export type Tag = World["tags"][number];

/**
 * One action, end to end: a policy it repairs, the resource's ARN (the finding's resource), the change call it makes,
 * and the mocked AWS answering Describe calls (the pipeline's reads and the action's check) from the world.
 */
export interface Case {
  readonly action: string;
  readonly policyId: string;
  readonly resourceId: string;
  readonly change: { readonly service: "ecs" | "ec2"; readonly operation: string };
  /** Whether the resource's tags are read again, so that an exemption tag set on it counts. */
  readonly tagged: boolean;
  /** What a request delivered twice in a batch finds the second time: the repair done, or a stopped task gone. */
  readonly again?: "gone";
  install(world: World): void;
}

export const REVISION = `${PREFIX}:task-definition/web:12`;
const SERVICE = `${PREFIX}:service/prod/web`;
const PROVIDER = `${PREFIX}:capacity-provider/prod-asg`;
const INSTANCE_ID = "i-0123456789abcdef0";
const INSTANCE = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`;
const CONTAINER_INSTANCE = `${PREFIX}:container-instance/prod/5c1e4f2a9b3d4e5f8a6b0c1d2e3f4a5b`;
export const TASK = `${PREFIX}:task/prod/0123456789abcdef0123456789abcdef`;
const NETWORK_INTERFACE = "eni-0a1b2c3d4e5f67890";
const TASK_SET = `${PREFIX}:task-set/prod/web/ecs-svc/1234567890123456789`;
const REPLACEMENT_TASK_SET = `${PREFIX}:task-set/prod/web/ecs-svc/9876543210987654321`;

/** A task set of the EXTERNAL service `web`, as DescribeTaskSets returns it. */
function describedTaskSet(arn: string, status: string, assignPublicIp: string, tags: readonly Tag[]) {
  return {
    taskSetArn: arn,
    serviceArn: SERVICE,
    clusterArn: CLUSTER,
    status,
    taskDefinition: REVISION,
    launchType: "FARGATE",
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], assignPublicIp },
    },
    scale: { value: 100, unit: "PERCENT" },
    tags,
  };
}

/** DescribeServices' answer: the ACTIVE service `web` of the cluster, with the given fields. */
export function describedServices(fields: Record<string, unknown>) {
  return {
    services: [{ serviceArn: SERVICE, clusterArn: CLUSTER, status: "ACTIVE", ...fields }],
    failures: [],
  };
}

const fixing = (world: World) => () => {
  world.fixed = true;
  return {};
};

function serviceCase(
  action: string,
  policyId: string,
  fields: (fixed: boolean) => Record<string, unknown>,
): Case {
  return {
    action,
    policyId,
    resourceId: SERVICE,
    change: { service: "ecs", operation: "UpdateService" },
    tagged: true,
    install(world) {
      ecs.on(DescribeServicesCommand).callsFake(() =>
        describedServices({
          serviceName: "web",
          launchType: "FARGATE",
          deploymentController: { type: "ECS" },
          enableExecuteCommand: false,
          enableECSManagedTags: true,
          propagateTags: "SERVICE",
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ["subnet-0a1b2c3d"],
              securityGroups: ["sg-0a1b2c3d"],
              assignPublicIp: "DISABLED",
            },
          },
          ...fields(world.fixed),
          tags: world.tags,
        }),
      );
      ecs.on(UpdateServiceCommand).callsFake(fixing(world));
    },
  };
}

export const CASES: readonly Case[] = [
  {
    action: "deregister-task-definition",
    // A policy only this action repairs: register-fixed-revision repairs no-privileged-containers too.
    policyId: "no-host-pid-mode",
    resourceId: REVISION,
    change: { service: "ecs", operation: "DeregisterTaskDefinition" },
    tagged: true,
    install(world) {
      ecs.on(DescribeTaskDefinitionCommand).callsFake(() => ({
        taskDefinition: {
          taskDefinitionArn: REVISION,
          family: "web",
          revision: 12,
          status: world.fixed ? "INACTIVE" : "ACTIVE",
          pidMode: "host",
          containerDefinitions: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27" }],
        },
        tags: world.tags,
      }));
      ecs.on(DeregisterTaskDefinitionCommand).callsFake(fixing(world));
    },
  },
  serviceCase("disable-service-exec", "service-exec-disabled", (fixed) => ({ enableExecuteCommand: !fixed })),
  serviceCase("disable-service-public-ip", "no-service-public-ip", (fixed) => ({
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ["subnet-0a1b2c3d"],
        securityGroups: ["sg-0a1b2c3d"],
        assignPublicIp: fixed ? "DISABLED" : "ENABLED",
      },
    },
  })),
  {
    action: "enable-container-insights",
    policyId: "cluster-container-insights",
    resourceId: CLUSTER,
    change: { service: "ecs", operation: "UpdateClusterSettings" },
    tagged: true,
    install(world) {
      ecs.on(DescribeClustersCommand).callsFake(() => ({
        clusters: [
          {
            clusterArn: CLUSTER,
            clusterName: "prod",
            status: "ACTIVE",
            settings: [{ name: "containerInsights", value: world.fixed ? "enabled" : "disabled" }],
            tags: world.tags,
          },
        ],
        failures: [],
      }));
      ecs.on(UpdateClusterSettingsCommand).callsFake(fixing(world));
    },
  },
  {
    action: "enable-managed-termination-protection",
    policyId: "capacity-provider-termination-protection",
    resourceId: PROVIDER,
    change: { service: "ecs", operation: "UpdateCapacityProvider" },
    tagged: true,
    install(world) {
      ecs.on(DescribeCapacityProvidersCommand).callsFake(() => ({
        capacityProviders: [
          {
            capacityProviderArn: PROVIDER,
            name: "prod-asg",
            status: "ACTIVE",
            type: "EC2_AUTOSCALING",
            autoScalingGroupProvider: {
              autoScalingGroupArn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:autoScalingGroupName/prod`,
              managedScaling: { status: "ENABLED", targetCapacity: 100 },
              managedTerminationProtection: world.fixed ? "ENABLED" : "DISABLED",
            },
            tags: world.tags,
          },
        ],
        failures: [],
      }));
      ecs.on(UpdateCapacityProviderCommand).callsFake(fixing(world));
    },
  },
  {
    action: "register-fixed-revision",
    policyId: "no-root-user",
    resourceId: REVISION,
    change: { service: "ecs", operation: "RegisterTaskDefinition" },
    tagged: true,
    install(world) {
      const fixedRevision = `${PREFIX}:task-definition/web:13`;
      const revision = (arn: string, user: string) => ({
        taskDefinitionArn: arn,
        family: "web",
        revision: Number(arn.split(":").at(-1)),
        status: "ACTIVE",
        networkMode: "awsvpc",
        containerDefinitions: [
          { name: "app", image: "public.ecr.aws/nginx/nginx:1.27", essential: true, user },
        ],
      });
      // The finding's revision never changes; the family's latest is the fix once it is registered.
      ecs.on(DescribeTaskDefinitionCommand).callsFake((input: DescribeTaskDefinitionCommandInput) => ({
        taskDefinition:
          input.taskDefinition === REVISION || !world.fixed
            ? revision(REVISION, "root")
            : revision(fixedRevision, "1000:1000"),
        tags: world.tags,
      }));
      ecs.on(RegisterTaskDefinitionCommand).callsFake(() => {
        world.fixed = true;
        return { taskDefinition: revision(fixedRevision, "1000:1000") };
      });
      let running = REVISION;
      ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER] });
      ecs.on(ListServicesCommand).resolves({ serviceArns: [SERVICE] });
      ecs.on(DescribeServicesCommand).callsFake(() => describedServices({ taskDefinition: running }));
      ecs.on(UpdateServiceCommand).callsFake((input: { taskDefinition: string }) => {
        running = input.taskDefinition;
        return {};
      });
    },
  },
  {
    action: "recreate-task-set-without-public-ip",
    policyId: "no-task-set-public-ip",
    resourceId: TASK_SET,
    change: { service: "ecs", operation: "CreateTaskSet" },
    tagged: true,
    install(world) {
      const replacement = (status: string) => describedTaskSet(REPLACEMENT_TASK_SET, status, "DISABLED", []);
      // Once repaired, the old task set drains (deleted) beside its replacement, which serves.
      ecs.on(DescribeTaskSetsCommand).callsFake((input: { taskSets?: string[] }) => {
        const old = describedTaskSet(TASK_SET, world.fixed ? "DRAINING" : "PRIMARY", "ENABLED", world.tags);
        const all = world.fixed ? [old, replacement("PRIMARY")] : [old];
        return { taskSets: input.taskSets === undefined ? all : [old], failures: [] };
      });
      ecs
        .on(DescribeServicesCommand)
        .resolves(describedServices({ deploymentController: { type: "EXTERNAL" } }));
      ecs.on(CreateTaskSetCommand).callsFake(() => {
        world.fixed = true;
        return { taskSet: replacement("ACTIVE") };
      });
      ecs.on(UpdateServicePrimaryTaskSetCommand).resolves({});
      ecs.on(DeleteTaskSetCommand).resolves({});
    },
  },
  serviceCase("enable-service-managed-tags", "service-managed-tags", (fixed) => ({
    enableECSManagedTags: fixed,
    propagateTags: fixed ? "SERVICE" : "NONE",
  })),
  {
    action: "require-instance-metadata-v2",
    policyId: "container-instance-imds-hardened",
    resourceId: INSTANCE,
    change: { service: "ec2", operation: "ModifyInstanceMetadataOptions" },
    tagged: true,
    install(world) {
      // The container instance registered for the EC2 instance, in the second cluster asked.
      ecs.on(ListClustersCommand).resolves({ clusterArns: [`${PREFIX}:cluster/staging`, CLUSTER] });
      ecs.on(ListContainerInstancesCommand).callsFake((input: { cluster: string }) => ({
        containerInstanceArns: input.cluster === CLUSTER ? [CONTAINER_INSTANCE] : [],
      }));
      ecs.on(DescribeContainerInstancesCommand).callsFake(() => ({
        containerInstances: [
          {
            containerInstanceArn: CONTAINER_INSTANCE,
            ec2InstanceId: INSTANCE_ID,
            status: "ACTIVE",
            agentConnected: true,
            tags: world.tags,
          },
        ],
        failures: [],
      }));
      ec2.on(DescribeInstancesCommand).callsFake(() => ({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: INSTANCE_ID,
                State: { Code: 16, Name: "running" },
                // The EC2 instance's own tags: what IAM's aws:ResourceTag reads for ModifyInstanceMetadataOptions.
                Tags: world.tags.map(({ key, value }) => ({ Key: key, Value: value })),
                MetadataOptions: {
                  HttpEndpoint: "enabled",
                  HttpTokens: world.fixed ? "required" : "optional",
                  HttpPutResponseHopLimit: world.fixed ? 1 : 2,
                },
              },
            ],
          },
        ],
      }));
      ec2.on(ModifyInstanceMetadataOptionsCommand).callsFake(fixing(world));
    },
  },
  {
    action: "stop-task",
    policyId: "running-task-public-ip",
    resourceId: TASK,
    change: { service: "ecs", operation: "StopTask" },
    tagged: true,
    // The batch's reads are cached, but tasks are described afresh: the stopped task is gone.
    again: "gone",
    install(world) {
      ecs.on(DescribeTasksCommand).callsFake(() => ({
        tasks: [
          {
            taskArn: TASK,
            clusterArn: CLUSTER,
            taskDefinitionArn: REVISION,
            launchType: "FARGATE",
            lastStatus: "RUNNING",
            desiredStatus: world.fixed ? "STOPPED" : "RUNNING",
            attachments: [
              {
                id: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                type: "ElasticNetworkInterface",
                status: "ATTACHED",
                details: [{ name: "networkInterfaceId", value: NETWORK_INTERFACE }],
              },
            ],
            tags: world.tags,
          },
        ],
        failures: [],
      }));
      ec2.on(DescribeNetworkInterfacesCommand).resolves({
        NetworkInterfaces: [
          { NetworkInterfaceId: NETWORK_INTERFACE, Association: { PublicIp: "203.0.113.10" } },
        ],
      });
      ecs.on(StopTaskCommand).callsFake(fixing(world));
    },
  },
];

/** The change calls the case's client received (the actions' checks and the pipeline's reads are not changes). */
export function changeCalls(testCase: Case) {
  const mock = testCase.change.service === "ecs" ? ecs : ec2;
  return mock.calls().filter((call) => operationOf(call.args[0]) === testCase.change.operation);
}

/** The reader every remediation batch gets in the function: one per batch, its caches the batch's. */
export function batchReader(): StateReader {
  return {
    ...unreadState("the remediation test does not read this"),
    ...ecsStateReader(clients.ecs),
    ...containerInstanceReader(clients.ec2, clients.ecs),
    ...networkInterfaceReader(clients.ec2),
    inventory: inventoryReader(clients.ecs, clients.securityHub),
  };
}

export function configWith(policyId: string, mode: RemediationMode, extra: Partial<GuardrailsConfig> = {}) {
  return { policies: { [policyId]: { remediation: mode } }, exemptions: [], ...extra } as GuardrailsConfig;
}

/** A budget that grants everything and counts, where the budget is not what a test is about. */
export function countingBudget(): RemediationBudget & { used: number } {
  const budget = {
    used: 0,
    async tryConsume() {
      budget.used += 1;
      const window = { key: "test", start: NOW, end: new Date(NOW.getTime() + 3_600_000) };
      return { granted: true as const, window, used: budget.used, maxActions: 1000 };
    },
  };
  return budget;
}

export const findingIdOf = (testCase: Case) =>
  `${REGION}/${ACCOUNT}/${testCase.policyId}/${testCase.resourceId}`;

export function request(testCase: Case, actor?: string, id = "request-1") {
  return {
    version: "0",
    id,
    "detail-type": REMEDIATION_REQUEST_DETAIL_TYPE,
    source: REMEDIATION_SOURCE,
    account: ACCOUNT,
    time: "2026-11-24T10:15:04Z",
    region: REGION,
    resources: [],
    detail: {
      findingId: findingIdOf(testCase),
      productArn: PRODUCT_ARN,
      policyId: testCase.policyId,
      resourceId: testCase.resourceId,
      observedAt: "2026-11-24T10:15:01Z",
      ...(actor === undefined ? {} : { actor }),
    },
  };
}

export function customAction(
  findings: readonly { id: string; productArn?: string; policyId: string; resourceId: string }[],
) {
  const event = sampleEvent("remediation/custom-action");
  const [template] = (event.detail as { findings: Record<string, unknown>[] }).findings;
  return {
    ...event,
    detail: {
      ...(event.detail as object),
      findings: findings.map(({ id, productArn, policyId, resourceId }) => ({
        ...template,
        Id: id,
        ProductArn: productArn ?? PRODUCT_ARN,
        GeneratorId: policyId,
        Resources: [{ Type: "Other", Id: resourceId, Partition: "aws", Region: REGION }],
      })),
    },
  };
}

export interface Run {
  readonly outcomes: readonly RecordOutcome[];
  readonly published: number;
  readonly logged: readonly RemediationRecord[];
}

export async function run(
  config: GuardrailsConfig,
  events: readonly unknown[],
  budget: RemediationBudget = countingBudget(),
): Promise<Run> {
  const logged: RemediationRecord[] = [];
  const evaluators = remediationEvaluators({
    clients,
    budget,
    stage: STAGE,
    roles: { roleArns: [GUARDRAIL_ROLE] },
    now: () => NOW,
    logger: { info: (_message, fields) => void logged.push(fields.remediation) },
  });
  const published: unknown[] = [];
  const pipeline = createPipeline({
    routes: [{ spec: remediationRoute, evaluators: { ...evaluators } }],
    reader: batchReader(),
    sink: { publish: async (findings) => void published.push(...findings) },
    rulebook: { policies, config },
  });
  const result = await pipeline.processBatch(events.map((event, index) => ({ id: String(index), event })));
  return { outcomes: [...result.outcomes.values()], published: published.length, logged };
}

export function audits(): BatchUpdateFindingsCommandInput[] {
  return securityHub.commandCalls(BatchUpdateFindingsCommand).map((call) => call.args[0].input);
}

export const EXEMPT = (policyId: string): Tag[] => [
  { key: EXEMPT_TAG, value: policyId },
  { key: EXEMPT_REASON_TAG, value: "load test until the rollout" },
];

export let world: World;

beforeEach(() => {
  ecs.reset();
  ec2.reset();
  securityHub.reset();
  securityHub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  world = { fixed: false, tags: [] };
});

afterEach(() => {
  // Every request sent, the pipeline's reads, the actions' checks and changes and the audits, is valid.
  const sent = [
    ...ecs.calls().map((call) => ["ecs", call] as const),
    ...ec2.calls().map((call) => ["ec2", call] as const),
    ...securityHub.calls().map((call) => ["securityhub", call] as const),
  ];
  for (const [service, call] of sent) {
    const operation = operationOf(call.args[0]);
    const { input } = call.args[0] as { input: unknown };
    expect(validateRequest(service, operation, input), `${service}:${operation}`).toEqual([]);
  }
});
