import { describe, expect, it } from "vitest";
import { policies } from "../../shared/policies/index.ts";
import { STEP_SIZES } from "../../shared/sweep/plan.ts";
import {
  type Account,
  addCluster,
  addRevision,
  addService,
  emptyAccount,
  revisionArn,
} from "../helpers/simulated-account.ts";
import { runSweep } from "../helpers/sweep-driver.ts";

const CLUSTERS = 50;
const SERVICES_PER_CLUSTER = 100;
const FAMILIES = 2_000;
const REVISIONS_PER_FAMILY = 10;

/**
 * 5,000 services in 50 clusters and 20,000 ACTIVE revisions of 2,000 families: each service runs the revision
 * before its family's latest, so 4,000 revisions are judged (2,000 latest, 2,000 in use) and 16,000 are not.
 */
function largeAccount(): Account {
  const account = emptyAccount();
  for (let family = 0; family < FAMILIES; family += 1) {
    for (let revision = 1; revision <= REVISIONS_PER_FAMILY; revision += 1)
      addRevision(account, `family-${family}`, revision);
  }
  for (let cluster = 0; cluster < CLUSTERS; cluster += 1) {
    addCluster(account, `cluster-${cluster}`);
    for (let service = 0; service < SERVICES_PER_CLUSTER; service += 1) {
      const index = cluster * SERVICES_PER_CLUSTER + service;
      const family = `family-${index % FAMILIES}`;
      addService(
        account,
        `cluster-${cluster}`,
        `service-${service}`,
        revisionArn(family, REVISIONS_PER_FAMILY - 1),
      );
    }
  }
  return account;
}

describe("the inventory sweep of a large account", () => {
  it("makes a number of AWS calls that grows with the resources judged, not with every revision", async () => {
    const run = await runSweep(largeAccount(), { startedAt: "2026-11-24T03:00:00.000Z" });
    const calls = Object.fromEntries([...run.calls].sort(([left], [right]) => left.localeCompare(right)));
    const services = CLUSTERS * SERVICES_PER_CLUSTER;
    const judgedRevisions = 2 * FAMILIES;
    const archiveSteps = run.steps.get("archive") ?? 0;
    console.info(
      `Sweep of ${services} services in ${CLUSTERS} clusters and ${FAMILIES * REVISIONS_PER_FAMILY} revisions ` +
        `(${judgedRevisions} judged): ${[...run.steps].map(([step, count]) => `${count} ${step}`).join(", ")} steps; ` +
        `AWS calls: ${Object.entries(calls)
          .map(([call, count]) => `${call} ${count}`)
          .join(", ")}; ${run.store.size} findings stored`,
    );

    expect(run.retried).toBe(0);
    expect(run.steps.get("services")).toBe(services / STEP_SIZES.services);
    expect(run.steps.get("revisions")).toBe(judgedRevisions / STEP_SIZES.revisions);
    // Described once to plan the steps, once by the steps (10 a call each time).
    expect(calls.DescribeServices).toBe((2 * services) / 10);
    // One call a revision judged; the 16,000 others cost nothing beyond their listing.
    expect(calls.DescribeTaskDefinition).toBe(judgedRevisions);
    // The start and each task definition archive step list the 20,000 ACTIVE revisions, 100 a page.
    const taskDefinitionArchiveSteps = Math.ceil(
      policies.filter((policy) => policy.resource === "TaskDefinition").length / 20,
    );
    expect(calls.ListTaskDefinitions).toBe((1 + taskDefinitionArchiveSteps) * 200);
    expect(archiveSteps).toBeGreaterThan(0);
    // Security Hub takes 100 findings a call: no call is wasted on a partial batch beyond one a step.
    const steps = [...run.steps.values()].reduce((sum, count) => sum + count, 0);
    expect(calls.BatchImportFindings).toBeLessThanOrEqual(Math.ceil(run.store.size / 100) + steps);
    // Each PutEvents call carries up to 10 steps.
    expect(calls.PutEvents).toBeLessThanOrEqual(Math.ceil((steps - 1) / 10) + 1);
  }, 240_000);
});
