// biome-ignore-all lint/suspicious/noExplicitAny: aws-sdk-client-mock's stubs are typed per client; the fakes answer with plain objects.
import {
  type CapacityProvider,
  type Cluster,
  type ContainerInstance,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListAccountSettingsCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  type Service,
  type Task,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  BatchImportFindingsCommand,
  GetFindingsCommand,
} from "@aws-sdk/client-securityhub";
import type { AwsStub } from "aws-sdk-client-mock";
import { ACCOUNT, REGION } from "./builders.ts";

type Stub = AwsStub<any, any, any>;

const ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}`;

/** What an ECS account holds, in the API's shapes: what the fake ECS below answers from. */
export interface Account {
  clusters: Cluster[];
  services: Map<string, Service[]>;
  tasks: Map<string, Task[]>;
  containerInstances: Map<string, ContainerInstance[]>;
  /** Every revision by ARN, ACTIVE or INACTIVE. */
  revisions: Map<string, TaskDefinition>;
  capacityProviders: CapacityProvider[];
  /** Managed Instances providers, which belong to a cluster and are listed only with it. */
  clusterCapacityProviders: Map<string, CapacityProvider[]>;
}

export function emptyAccount(): Account {
  return {
    clusters: [],
    services: new Map(),
    tasks: new Map(),
    containerInstances: new Map(),
    revisions: new Map(),
    capacityProviders: [],
    clusterCapacityProviders: new Map(),
  };
}

export const clusterArn = (name: string) => `${ARN}:cluster/${name}`;
export const serviceArn = (cluster: string, name: string) => `${ARN}:service/${cluster}/${name}`;
export const revisionArn = (family: string, revision: number) =>
  `${ARN}:task-definition/${family}:${revision}`;
export const taskArn = (cluster: string, id: string) => `${ARN}:task/${cluster}/${id}`;

export function addCluster(account: Account, name: string): string {
  account.clusters.push({
    clusterArn: clusterArn(name),
    clusterName: name,
    status: "ACTIVE",
    settings: [{ name: "containerInsights", value: "enabled" }],
    tags: [],
  });
  return clusterArn(name);
}

export function addRevision(account: Account, family: string, revision: number, status = "ACTIVE"): string {
  const arn = revisionArn(family, revision);
  account.revisions.set(arn, {
    taskDefinitionArn: arn,
    family,
    revision,
    status: status as "ACTIVE",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [
      {
        name: "app",
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${family}:1.0.${revision}`,
        essential: true,
      },
    ],
  });
  return arn;
}

export function addService(account: Account, cluster: string, name: string, taskDefinition: string): string {
  const arn = serviceArn(cluster, name);
  const services = account.services.get(clusterArn(cluster)) ?? [];
  services.push({
    serviceArn: arn,
    serviceName: name,
    clusterArn: clusterArn(cluster),
    status: "ACTIVE",
    taskDefinition,
    desiredCount: 2,
    launchType: "FARGATE",
    deployments: [{ id: `ecs-svc/${name}`, status: "PRIMARY", taskDefinition }],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ["subnet-0a1b2c3d"],
        securityGroups: ["sg-0a1b2c3d"],
        assignPublicIp: "DISABLED",
      },
    },
    tags: [],
  });
  account.services.set(clusterArn(cluster), services);
  return arn;
}

export function addTask(account: Account, cluster: string, id: string, taskDefinitionArn: string): string {
  const arn = taskArn(cluster, id);
  const tasks = account.tasks.get(clusterArn(cluster)) ?? [];
  tasks.push({
    taskArn: arn,
    clusterArn: clusterArn(cluster),
    taskDefinitionArn,
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
  });
  account.tasks.set(clusterArn(cluster), tasks);
  return arn;
}

/** A connected container instance on the EC2 instance `ec2InstanceId`. */
export function addContainerInstance(
  account: Account,
  cluster: string,
  id: string,
  ec2InstanceId: string,
): string {
  const arn = `${ARN}:container-instance/${cluster}/${id}`;
  const instances = account.containerInstances.get(clusterArn(cluster)) ?? [];
  instances.push({
    containerInstanceArn: arn,
    ec2InstanceId,
    status: "ACTIVE",
    agentConnected: true,
    versionInfo: { agentVersion: "1.89.1" },
    attributes: [],
  });
  account.containerInstances.set(clusterArn(cluster), instances);
  return arn;
}

/** Counts of the calls each fake answered, by operation. */
export type CallCounts = Map<string, number>;

/** An AWS error a fake throws for a call, by operation and how many times it was called before; none: it answers. */
export type Fault = (operation: string, earlierCalls: number) => Error | undefined;

const NO_FAULT: Fault = () => undefined;

function count(calls: CallCounts, fault: Fault, operation: string): void {
  const earlierCalls = calls.get(operation) ?? 0;
  calls.set(operation, earlierCalls + 1);
  const error = fault(operation, earlierCalls);
  if (error !== undefined) throw error;
}

/** Pages of `items` as ECS's List calls return them: `maxResults` a page, the token is the next offset. */
function page<Item>(items: readonly Item[], nextToken: string | undefined, maxResults = 100) {
  const start = Number(nextToken ?? "0");
  const end = start + Math.min(maxResults, 100);
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}

function missing(arns: readonly string[], known: ReadonlySet<string>) {
  return arns.filter((arn) => !known.has(arn)).map((arn) => ({ arn, reason: "MISSING" }));
}

/** Makes the ECS stub answer from the account, as ECS does (pages, batches, MISSING failures), counting every call. */
export function fakeEcs(ecs: Stub, account: Account, calls: CallCounts, fault: Fault = NO_FAULT): void {
  /** A List call: the ARNs `arnsOf` picks from the account for the call's input, as `member`, a page at a time. */
  const answerList = (
    command: Parameters<Stub["on"]>[0],
    operation: string,
    member: string,
    arnsOf: (input: any) => (string | undefined)[],
  ) =>
    ecs.on(command).callsFake((input) => {
      count(calls, fault, operation);
      const { items, nextToken } = page(arnsOf(input), input.nextToken, input.maxResults);
      return { [member]: items, nextToken };
    });
  answerList(ListClustersCommand, "ListClusters", "clusterArns", () =>
    account.clusters.map((cluster) => cluster.clusterArn),
  );
  answerList(ListServicesCommand, "ListServices", "serviceArns", ({ cluster }) =>
    (account.services.get(cluster) ?? []).map((service) => service.serviceArn),
  );
  answerList(ListTasksCommand, "ListTasks", "taskArns", ({ cluster }) =>
    (account.tasks.get(cluster) ?? []).map((task) => task.taskArn),
  );
  answerList(ListTaskDefinitionsCommand, "ListTaskDefinitions", "taskDefinitionArns", ({ status }) =>
    [...account.revisions.values()]
      .filter((revision) => revision.status === (status ?? "ACTIVE"))
      .map((revision) => revision.taskDefinitionArn),
  );
  answerList(
    ListContainerInstancesCommand,
    "ListContainerInstances",
    "containerInstanceArns",
    ({ cluster }) =>
      (account.containerInstances.get(cluster) ?? []).map((instance) => instance.containerInstanceArn),
  );
  ecs.on(DescribeClustersCommand).callsFake(({ clusters = [] }: { clusters: string[] }) => {
    count(calls, fault, "DescribeClusters");
    const found = account.clusters.filter((cluster) => clusters.includes(cluster.clusterArn ?? ""));
    return {
      clusters: found,
      failures: missing(clusters, new Set(found.map((cluster) => cluster.clusterArn ?? ""))),
    };
  });
  ecs.on(DescribeCapacityProvidersCommand).callsFake(({ cluster, nextToken, maxResults }) => {
    count(calls, fault, "DescribeCapacityProviders");
    const providers =
      cluster === undefined
        ? account.capacityProviders
        : (account.clusterCapacityProviders.get(cluster) ?? []);
    const { items, nextToken: next } = page(providers, nextToken, maxResults ?? 10);
    return { capacityProviders: items, nextToken: next };
  });
  ecs.on(ListAccountSettingsCommand).callsFake(({ principalArn }) => {
    count(calls, fault, "ListAccountSettings");
    return {
      settings: [
        { name: "containerInsights", value: "enabled", principalArn, type: "user" },
        { name: "awsvpcTrunking", value: "enabled", principalArn, type: "user" },
      ],
    };
  });
  ecs
    .on(DescribeServicesCommand)
    .callsFake(({ cluster, services = [] }: { cluster: string; services: string[] }) => {
      count(calls, fault, "DescribeServices");
      if (services.length > 10)
        throw Object.assign(new Error("too many services"), { name: "InvalidParameterException" });
      const found = (account.services.get(cluster) ?? []).filter((service) =>
        services.includes(service.serviceArn ?? ""),
      );
      return {
        services: found,
        failures: missing(services, new Set(found.map((service) => service.serviceArn ?? ""))),
      };
    });
  ecs.on(DescribeTasksCommand).callsFake(({ cluster, tasks = [] }: { cluster: string; tasks: string[] }) => {
    count(calls, fault, "DescribeTasks");
    const found = (account.tasks.get(cluster) ?? []).filter((task) => tasks.includes(task.taskArn ?? ""));
    return { tasks: found, failures: missing(tasks, new Set(found.map((task) => task.taskArn ?? ""))) };
  });
  ecs.on(DescribeTaskDefinitionCommand).callsFake(({ taskDefinition }: { taskDefinition: string }) => {
    count(calls, fault, "DescribeTaskDefinition");
    const revision = account.revisions.get(taskDefinition);
    if (revision === undefined) {
      throw Object.assign(new Error("Unable to describe task definition."), { name: "ClientException" });
    }
    return { taskDefinition: revision, tags: [] };
  });
  ecs.on(DescribeContainerInstancesCommand).callsFake(({ cluster, containerInstances = [] }) => {
    count(calls, fault, "DescribeContainerInstances");
    const found = (account.containerInstances.get(cluster) ?? []).filter((instance) =>
      containerInstances.includes(instance.containerInstanceArn ?? ""),
    );
    return { containerInstances: found, failures: [] };
  });
}

/**
 * Security Hub as far as the sweep uses it: BatchImportFindings stores findings (an update not later than the
 * stored one is ignored, as Security Hub does), GetFindings pages through them with the filters the sweep sends.
 */
export function fakeSecurityHub(
  securityHub: Stub,
  store: Map<string, AwsSecurityFinding>,
  calls: CallCounts,
  fault: Fault = NO_FAULT,
): void {
  securityHub
    .on(BatchImportFindingsCommand)
    .callsFake(({ Findings = [] }: { Findings: AwsSecurityFinding[] }) => {
      count(calls, fault, "BatchImportFindings");
      for (const finding of Findings) {
        const stored = store.get(finding.Id ?? "");
        if (stored === undefined || (finding.UpdatedAt ?? "") > (stored.UpdatedAt ?? ""))
          store.set(finding.Id ?? "", finding);
      }
      return { SuccessCount: Findings.length, FailedCount: 0, FailedFindings: [] };
    });
  securityHub.on(GetFindingsCommand).callsFake(({ Filters, NextToken, MaxResults }) => {
    count(calls, fault, "GetFindings");
    const matching = [...store.values()].filter((finding) => matches(finding, Filters));
    const { items, nextToken } = page(matching, NextToken, MaxResults);
    return { Findings: items, NextToken: nextToken };
  });
}

function matches(finding: AwsSecurityFinding, filters: AwsSecurityFindingFilters = {}): boolean {
  const equalsAny = (value: string | undefined, filter?: { Value?: string }[]) =>
    filter === undefined || filter.some((candidate) => candidate.Value === value);
  return (
    equalsAny(finding.ProductArn, filters.ProductArn) &&
    equalsAny(finding.AwsAccountId, filters.AwsAccountId) &&
    equalsAny(finding.Region ?? REGION, filters.Region) &&
    equalsAny(finding.GeneratorId, filters.GeneratorId) &&
    equalsAny(finding.RecordState, filters.RecordState) &&
    (filters.UpdatedAt ?? []).every(
      (range) => range.End === undefined || (finding.UpdatedAt ?? "") <= range.End,
    )
  );
}

/** EventBridge's default bus, as far as the sweep uses it: what it puts is what its rule will deliver. */
export function fakeEventBus(
  eventBridge: Stub,
  delivered: unknown[],
  calls: CallCounts,
  fault: Fault = NO_FAULT,
): void {
  let sequence = 0;
  eventBridge.on(PutEventsCommand).callsFake(({ Entries = [] }) => {
    count(calls, fault, "PutEvents");
    if (Entries.length > 10)
      throw Object.assign(new Error("too many entries"), { name: "ValidationException" });
    for (const entry of Entries) {
      sequence += 1;
      delivered.push({
        version: "0",
        id: `sweep-step-${sequence}`,
        "detail-type": entry.DetailType,
        source: entry.Source,
        account: ACCOUNT,
        time: new Date().toISOString(),
        region: REGION,
        resources: [],
        detail: JSON.parse(entry.Detail),
      });
    }
    return {
      FailedEntryCount: 0,
      Entries: Entries.map((_: unknown, index: number) => ({ EventId: `event-${index}` })),
    };
  });
}

/** The event the sweep's schedule sends. */
export function scheduledEvent(time: string) {
  return {
    version: "0",
    id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/ecs-guardrails-test-SweepSchedule`],
    detail: {},
  };
}
