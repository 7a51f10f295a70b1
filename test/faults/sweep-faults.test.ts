import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { beforeAll, describe, expect, it } from "vitest";
import { findingId } from "../../shared/findings/finding-id.ts";
import { PRODUCT_NAME, productArn } from "../../shared/findings/to-asff.ts";
import { inventorySweepRoute } from "../../shared/runtime/routes.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import {
  type Account,
  addCluster,
  addRevision,
  addService,
  addTask,
  clusterArn,
  emptyAccount,
  type Fault,
  revisionArn,
  serviceArn,
} from "../helpers/simulated-account.ts";
import { ec2, runSweep, type SweepRun } from "../helpers/sweep-driver.ts";

const STARTED_AT = "2026-11-24T03:00:00.000Z";
const INSTANCE_ID = "i-0a1b2c3d4e5f60718";

function account(): Account {
  const built = emptyAccount();
  addCluster(built, "payments");
  addRevision(built, "checkout", 1);
  addRevision(built, "checkout", 2);
  addService(built, "payments", "checkout", revisionArn("checkout", 1));
  addTask(built, "payments", "0f1e2d3c", revisionArn("checkout", 2));
  built.capacityProviders.push({
    capacityProviderArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/spot`,
    name: "spot",
    status: "ACTIVE",
  });
  built.containerInstances.set(clusterArn("payments"), [
    {
      containerInstanceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/payments/0d9e`,
      ec2InstanceId: INSTANCE_ID,
      status: "ACTIVE",
      agentConnected: true,
      attributes: [],
    },
  ]);
  return built;
}

/** A finding of a service deleted while the guardrail missed its event: a clean sweep archives it. */
const stale: AwsSecurityFinding = {
  SchemaVersion: "2018-10-08",
  Id: findingId(REGION, ACCOUNT, "service-tagged", serviceArn("payments", "retired")),
  ProductArn: productArn("aws", REGION, ACCOUNT),
  ProductName: PRODUCT_NAME,
  GeneratorId: "service-tagged",
  AwsAccountId: ACCOUNT,
  Region: REGION,
  CreatedAt: "2026-11-22T03:00:00.000Z",
  UpdatedAt: "2026-11-22T03:00:00.000Z",
  Title: "service-tagged",
  Description: "service-tagged",
  Resources: [{ Type: "AwsEcsService", Id: serviceArn("payments", "retired") }],
  RecordState: "ACTIVE",
};

const error = (name: string) => Object.assign(new Error(name), { name });
const FAULTS = {
  "throttling (once)": (operation: string) => (call: string, earlier: number) =>
    call === operation && earlier === 0 ? error("ThrottlingException") : undefined,
  "throttling (persistent)": (operation: string) => (call: string) =>
    call === operation ? error("ThrottlingException") : undefined,
  "access denied": (operation: string) => (call: string) =>
    call === operation ? error("AccessDeniedException") : undefined,
} satisfies Record<string, (operation: string) => Fault>;

const CALLS = [
  "ListClusters",
  "DescribeClusters",
  "DescribeCapacityProviders",
  "ListAccountSettings",
  "ListServices",
  "DescribeServices",
  "ListTasks",
  "DescribeTasks",
  "ListTaskDefinitions",
  "DescribeTaskDefinition",
  "ListContainerInstances",
  "DescribeContainerInstances",
  "DescribeInstances",
  "GetFindings",
  "BatchImportFindings",
  "PutEvents",
] as const;

function sweep(fault: Fault): Promise<SweepRun> {
  let instanceCalls = 0;
  return runSweep(account(), {
    store: new Map([[stale.Id ?? "", stale]]),
    startedAt: STARTED_AT,
    fault,
    arrange: () =>
      ec2.on(DescribeInstancesCommand).callsFake(() => {
        const thrown = fault("DescribeInstances", instanceCalls++);
        if (thrown !== undefined) throw thrown;
        return { Reservations: [{ Instances: [{ InstanceId: INSTANCE_ID }] }] };
      }),
  });
}

/** What Security Hub shows of each finding: whether it is current, and its verdict. */
function shown(store: ReadonlyMap<string, AwsSecurityFinding>): Record<string, string> {
  return Object.fromEntries(
    [...store].map(([id, finding]) => [id, `${finding.RecordState} ${finding.Compliance?.Status ?? ""}`]),
  );
}

describe("the inventory sweep under faults", () => {
  let clean: Record<string, string>;
  const outcomes: string[] = [];

  beforeAll(async () => {
    const run = await sweep(() => undefined);
    expect(run.retried).toBe(0);
    clean = shown(run.store);
    expect(clean[stale.Id ?? ""]).toBe("ARCHIVED ");
  });

  describe.each(CALLS)("%s", (call) => {
    it.each(Object.keys(FAULTS) as (keyof typeof FAULTS)[])("%s", async (kind) => {
      const run = await sweep(FAULTS[kind](call));
      const after = shown(run.store);
      outcomes.push(
        `${call} · ${kind}: ${run.retried} retried, ${run.deadLettered.length} dead-lettered, ${Object.keys(after).length} of ${Object.keys(clean).length} findings`,
      );

      // Nothing the sweep shows differs from what a clean sweep shows: a fault only leaves things as they were, or,
      // where a denied read leaves a verdict undecided, NOT_AVAILABLE; never a PASSED the clean sweep did not give.
      for (const [id, state] of Object.entries(after)) {
        if (run.store.get(id) === stale) continue;
        const allowed = kind === "access denied" ? [clean[id], "ACTIVE NOT_AVAILABLE"] : [clean[id]];
        expect(allowed, id).toContain(state);
      }
      if (kind === "throttling (once)") {
        // The step that hit it returned to the queue once and succeeded: the sweep ends as a clean one.
        expect(after).toEqual(clean);
        expect(run.deadLettered).toEqual([]);
        expect(run.retried).toBe(1);
      } else if (kind === "throttling (persistent)") {
        // Every step that needs the call goes to the dead-letter queue after maxReceiveCount receives; nothing is
        // retried forever, and a finding is never archived on an inventory that could not be listed.
        expect(run.deadLettered.length).toBeGreaterThan(0);
        expect(run.retried).toBe(run.deadLettered.length * inventorySweepRoute.maxReceiveCount);
      } else if (["BatchImportFindings", "PutEvents"].includes(call)) {
        // Where the findings and the steps go: no way around them, so the steps wait in the DLQ for a redrive.
        expect(run.deadLettered.length).toBeGreaterThan(0);
      } else {
        // A denied read (GetFindings included) is skipped: not retried, and what it would have read is not judged
        // or archived.
        expect(run.deadLettered).toEqual([]);
        expect(run.retried).toBe(0);
      }
    });
  });

  it("prints what each fault did", () => {
    console.info(
      `Inventory sweep under faults (maxReceiveCount ${inventorySweepRoute.maxReceiveCount}):\n${outcomes.join("\n")}`,
    );
    expect(outcomes).toHaveLength(CALLS.length * Object.keys(FAULTS).length);
  });
});
