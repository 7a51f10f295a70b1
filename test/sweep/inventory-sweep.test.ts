import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { ListServicesCommand } from "@aws-sdk/client-ecs";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  GetFindingsCommand,
} from "@aws-sdk/client-securityhub";
import { beforeAll, describe, expect, it } from "vitest";
import { findingId } from "../../shared/findings/finding-id.ts";
import { PRODUCT_NAME, productArn } from "../../shared/findings/to-asff.ts";
import { policies } from "../../shared/policies/index.ts";
import { SERVICES_RUNNING_FIELD } from "../../shared/sweep/services-running.ts";
import {
  invalidRequests,
  modelsAvailable,
  validateBatchImportFindings,
  validateRequest,
} from "../helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import {
  type Account,
  addCluster,
  addContainerInstance,
  addRevision,
  addService,
  addTask,
  clusterArn,
  emptyAccount,
  revisionArn,
  serviceArn,
  taskArn,
} from "../helpers/simulated-account.ts";
import { ec2, ecs, eventBridge, runSweep, type SweepRun, securityHub } from "../helpers/sweep-driver.ts";

const STARTED_AT = "2026-11-24T03:00:00.000Z";
const INSTANCE_ID = "i-0a1b2c3d4e5f60718";
const MANAGED_PROVIDER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/payments-managed`;
const idsOf = (kind: string) =>
  policies.filter((policy) => policy.resource === kind).map((policy) => policy.id);

/**
 * payments runs checkout on revision 41 (42 is the family's latest, 40 an old one no one runs), ledger on revision
 * 7 (deregistered since), a standalone task of batch:3 (batch:5 is the latest) and one container instance.
 */
function paymentsAccount(): Account {
  const account = emptyAccount();
  addCluster(account, "payments");
  addCluster(account, "staging");
  for (const revision of [40, 41, 42]) addRevision(account, "checkout", revision);
  addRevision(account, "ledger", 7, "INACTIVE");
  addRevision(account, "batch", 3);
  addRevision(account, "batch", 5);
  addService(account, "payments", "checkout", revisionArn("checkout", 41));
  addService(account, "payments", "ledger", revisionArn("ledger", 7));
  addTask(account, "payments", "0f1e2d3c", revisionArn("batch", 3));
  account.capacityProviders.push({
    capacityProviderArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/payments-asg`,
    name: "payments-asg",
    status: "ACTIVE",
    autoScalingGroupProvider: {
      autoScalingGroupArn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:0a1b2c3d:autoScalingGroupName/payments`,
      managedScaling: { status: "ENABLED" },
      managedTerminationProtection: "ENABLED",
    },
  });
  account.clusterCapacityProviders.set(clusterArn("payments"), [
    {
      capacityProviderArn: MANAGED_PROVIDER_ARN,
      name: "payments-managed",
      cluster: "payments",
      status: "ACTIVE",
    },
  ]);
  // Deleted an hour ago: ECS still describes it, INACTIVE.
  account.clusters.push({ clusterArn: clusterArn("retired"), clusterName: "retired", status: "INACTIVE" });
  addContainerInstance(account, "payments", "0d9e8f7a6b5c4d3e", INSTANCE_ID);
  return account;
}

function describeInstance() {
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: INSTANCE_ID,
            MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 1, HttpEndpoint: "enabled" },
          },
        ],
      },
    ],
  });
}

/** A finding the guardrail published two days before the sweep, in the shape Security Hub returns it. */
function stored(
  policyId: string,
  resourceId: string,
  updatedAt = "2026-11-22T03:00:00.000Z",
): AwsSecurityFinding {
  return {
    SchemaVersion: "2018-10-08",
    Id: findingId(REGION, ACCOUNT, policyId, resourceId),
    ProductArn: productArn("aws", REGION, ACCOUNT),
    ProductName: PRODUCT_NAME,
    GeneratorId: policyId,
    AwsAccountId: ACCOUNT,
    Region: REGION,
    CreatedAt: updatedAt,
    UpdatedAt: updatedAt,
    Title: policyId,
    Description: policyId,
    Resources: [{ Type: "Other", Id: resourceId }],
    Compliance: { Status: "FAILED" },
    RecordState: "ACTIVE",
  };
}

const findingOf = (run: SweepRun, policyId: string, resourceId: string) =>
  run.store.get(findingId(REGION, ACCOUNT, policyId, resourceId));

describe("the inventory sweep", () => {
  let run: SweepRun;
  const gone = {
    service: stored("service-tagged", serviceArn("payments", "retired")),
    serviceEvent: stored("service-deployment-succeeds", serviceArn("payments", "retired")),
    revision: stored("no-privileged-containers", revisionArn("ledger", 6)),
    task: stored("running-task-public-ip", taskArn("payments", "stopped01")),
    containerInstance: stored(
      "container-instance-imds-hardened",
      `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0deadbeef0000000`,
    ),
    cluster: stored("cluster-container-insights", clusterArn("deleted")),
    inactiveCluster: stored("cluster-container-insights", clusterArn("retired")),
  };
  const throttling = `arn:aws:ecs-guardrails:${REGION}:${ACCOUNT}:throttling/ec2.amazonaws.com/CreateNetworkInterface`;
  const quietApi = stored("ecs-dependency-throttling", throttling, "2026-11-22T23:00:00.000Z");
  const throttledAnHourAgo = stored(
    "ecs-dependency-throttling",
    throttling.replace("CreateNetworkInterface", "DescribeNetworkInterfaces"),
    "2026-11-24T02:00:00.000Z",
  );
  const kept = {
    // Listed only with its cluster (a Managed Instances provider).
    managedProvider: stored("capacity-provider-managed-scaling", MANAGED_PROVIDER_ARN),
    unusedRevision: stored("no-privileged-containers", revisionArn("checkout", 40)),
    recentlyUpdated: stored(
      "service-tagged",
      serviceArn("payments", "created-moments-ago"),
      "2026-11-24T02:55:00.000Z",
    ),
    otherProduct: {
      ...stored("service-tagged", serviceArn("payments", "retired")),
      Id: "other-product/finding",
      ProductArn: "arn:aws:securityhub:eu-west-1::product/aws/inspector",
    },
  };
  const disabled = stored("service-managed-tags", serviceArn("payments", "checkout"));

  beforeAll(async () => {
    const store = new Map(
      [...Object.values(gone), ...Object.values(kept), disabled, quietApi, throttledAnHourAgo].map(
        (finding) => [finding.Id ?? "", finding],
      ),
    );
    run = await runSweep(paymentsAccount(), {
      store,
      startedAt: STARTED_AT,
      config: { policies: { "service-managed-tags": { enabled: false } }, exemptions: [] },
      arrange: describeInstance,
    });
  });

  it("runs as one start and the steps it leaves, none of them retried", () => {
    expect(Object.fromEntries(run.steps)).toEqual({
      start: 1,
      services: 1,
      revisions: 1,
      "container-instances": 1,
      // One per inventory and 20 of its kinds' policies.
      archive: expect.any(Number),
    });
    expect(run.retried).toBe(0);
  });

  it("judges every cluster, service, capacity provider, container instance and account default, under the event path's ids", () => {
    for (const cluster of ["payments", "staging"]) {
      for (const policyId of idsOf("Cluster"))
        expect(findingOf(run, policyId, clusterArn(cluster))?.RecordState).toBe("ACTIVE");
    }
    for (const service of ["checkout", "ledger"]) {
      expect(
        findingOf(run, "no-service-public-ip", serviceArn("payments", service))?.Compliance?.Status,
      ).toBe("PASSED");
    }
    expect(
      findingOf(
        run,
        "capacity-provider-termination-protection",
        `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/payments-asg`,
      ),
    ).toBeDefined();
    expect(
      findingOf(
        run,
        "container-instance-imds-hardened",
        `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`,
      )?.Compliance?.Status,
    ).toBe("PASSED");
    expect(
      findingOf(
        run,
        "account-container-insights-default",
        `arn:aws:ecs-guardrails:${REGION}:${ACCOUNT}:account-setting/containerInsights/default`,
      ),
    ).toBeDefined();
  });

  it("judges each family's latest revision and every revision in use, saying which services run it", () => {
    const running = (family: string, revision: number) =>
      findingOf(run, "no-privileged-containers", revisionArn(family, revision))?.ProductFields?.[
        SERVICES_RUNNING_FIELD
      ];
    expect(running("checkout", 41)).toBe(serviceArn("payments", "checkout"));
    expect(running("ledger", 7)).toBe(serviceArn("payments", "ledger"));
    expect(running("checkout", 42)).toMatch(/^none/);
    expect(running("batch", 3)).toMatch(/^none/);
    expect(running("batch", 5)).toMatch(/^none/);
    // ACTIVE, but neither the latest nor in use: not judged again, and its earlier finding stays.
    expect(findingOf(run, "no-privileged-containers", revisionArn("checkout", 40))).toEqual(
      kept.unusedRevision,
    );
  });

  it("archives the findings of what no longer exists, of every inventory, under their own ids", () => {
    for (const finding of Object.values(gone)) {
      const archived = run.store.get(finding.Id ?? "");
      expect(archived?.RecordState, finding.Id).toBe("ARCHIVED");
      expect(archived?.Resources).toEqual(finding.Resources);
      expect(archived?.Description).toContain("no longer finds the resource");
      expect(archived?.UpdatedAt ?? "" > STARTED_AT).toBeTruthy();
    }
  });

  it("archives an API's throttling finding after a day without a throttled call, and not before", () => {
    expect(run.store.get(quietApi.Id ?? "")?.RecordState).toBe("ARCHIVED");
    expect(run.store.get(quietApi.Id ?? "")?.Description).toContain("the throttling is over");
    expect(run.store.get(throttledAnHourAgo.Id ?? "")).toEqual(throttledAnHourAgo);
  });

  it("archives the findings of a policy turned off, since nothing updates them any more", () => {
    expect(run.store.get(disabled.Id ?? "")?.RecordState).toBe("ARCHIVED");
    expect(run.store.get(disabled.Id ?? "")?.Description).toContain("is turned off");
  });

  it("leaves findings updated within the margin before the sweep, and other products' findings, alone", () => {
    expect(run.store.get(kept.recentlyUpdated.Id ?? "")).toEqual(kept.recentlyUpdated);
    expect(run.store.get(kept.otherProduct.Id ?? "")).toEqual(kept.otherProduct);
  });

  it("finds a Managed Instances capacity provider through its cluster, so its findings stay", () => {
    expect(run.store.get(kept.managedProvider.Id ?? "")).toEqual(kept.managedProvider);
  });

  it("does not judge a cluster ECS describes INACTIVE", () => {
    expect(findingOf(run, "cluster-tagged", clusterArn("retired"))).toBeUndefined();
  });

  it("asks Security Hub only for its own ACTIVE findings, by generator id, 20 at most a filter", () => {
    for (const call of securityHub.commandCalls(GetFindingsCommand)) {
      const { Filters } = call.args[0].input;
      expect(Filters?.ProductArn).toEqual([
        { Value: productArn("aws", REGION, ACCOUNT), Comparison: "EQUALS" },
      ]);
      expect(Filters?.RecordState).toEqual([{ Value: "ACTIVE", Comparison: "EQUALS" }]);
      expect(Filters?.GeneratorId?.length).toBeLessThanOrEqual(20);
      // 15 minutes before the sweep; for throttling findings, a quiet day.
      expect([[{ End: "2026-11-24T02:45:00.000Z" }], [{ End: "2026-11-23T03:00:00.000Z" }]]).toContainEqual(
        Filters?.UpdatedAt,
      );
    }
  });

  const models = modelsAvailable()
    ? "the AWS API models"
    : "the AWS API models (skipped: the models are absent)";
  it.skipIf(!modelsAvailable())(`sends requests valid against ${models}`, () => {
    expect(invalidRequests("ecs", ecs.calls())).toEqual([]);
    for (const call of securityHub.commandCalls(GetFindingsCommand)) {
      expect(validateRequest("securityhub", "GetFindings", call.args[0].input)).toEqual([]);
    }
    for (const call of securityHub.commandCalls(BatchImportFindingsCommand)) {
      expect(validateBatchImportFindings(call.args[0].input)).toEqual([]);
    }
    for (const call of eventBridge.commandCalls(PutEventsCommand)) {
      expect(validateRequest("events", "PutEvents", call.args[0].input)).toEqual([]);
    }
  });
});

describe("the inventory sweep, failing closed", () => {
  it("archives no service finding while ListServices is denied, and says why", async () => {
    const finding = stored("service-tagged", serviceArn("payments", "retired"));
    const run = await runSweep(paymentsAccount(), {
      store: new Map([[finding.Id ?? "", finding]]),
      startedAt: STARTED_AT,
      arrange: () => {
        describeInstance();
        ecs
          .on(ListServicesCommand)
          .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
      },
    });
    expect(run.store.get(finding.Id ?? "")).toEqual(finding);
    expect(run.retried).toBe(0);
    // No service was listed, so none was judged.
    expect(findingOf(run, "no-service-public-ip", serviceArn("payments", "checkout"))).toBeUndefined();
  });
});
