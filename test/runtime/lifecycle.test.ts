import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import { type FindingsStore, upsertFindings } from "../../cli/replay/findings-store.ts";
import { offlineReader } from "../../cli/replay/offline-reader.ts";
import { EMPTY_CONFIG, parseConfig } from "../../shared/engine/config.ts";
import { findingId } from "../../shared/findings/finding-id.ts";
import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { policies } from "../../shared/policies/index.ts";
import { createPipeline } from "../../shared/runtime/pipeline.ts";
import { runtimeRoutes } from "../../shared/runtime/runtime-routes.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { describedInterface } from "../helpers/task-state-changes.ts";

/**
 * Lifecycle through the real routes and pipeline, into the replay store (which keeps an update only when it is
 * later than the stored finding, as Security Hub does): every way a resource goes away archives the finding its
 * earlier verdict published, under the same finding id, and no late or repeated event brings it back.
 */

const ARN = "arn:aws:ecs:eu-west-1:123456789012";
const EC2_INSTANCE = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f60718";

type Event = Record<string, unknown> & { time: string; detail: Record<string, unknown> };

/** One of our samples, changed as the case needs. */
function sample(name: string, change: (event: Event) => void = () => undefined): Event {
  const event = structuredClone(sampleEvent(name)) as Event;
  change(event);
  return event;
}

/** Replay's reader, except that the task's network interface has a public IP (replay reads none). */
const reader: StateReader = {
  ...offlineReader,
  async readNetworkInterfaces(ids) {
    return { documents: ids.map((id) => describedInterface(id, "10.0.12.34", "203.0.113.24")) };
  },
};

/** The pipeline with every route, publishing into a fresh store; each call is one batch. */
function guardrail(config = EMPTY_CONFIG) {
  const store: FindingsStore = new Map();
  const publications: AwsSecurityFinding[][] = [];
  const pipeline = createPipeline({
    routes: runtimeRoutes,
    reader,
    rulebook: { policies, config },
    sink: {
      async publish(findings) {
        publications.push([...findings]);
        upsertFindings(store, findings);
      },
    },
  });
  let records = 0;
  return {
    store,
    publications,
    async batch(...events: Event[]) {
      const { outcomes } = await pipeline.processBatch(
        events.map((event) => ({ id: `record-${++records}`, event })),
      );
      expect([...outcomes.values()].map((outcome) => outcome.kind)).toEqual(events.map(() => "evaluated"));
    },
  };
}

const idOf = (policyId: string, resourceId: string) =>
  findingId("eu-west-1", "123456789012", policyId, resourceId);

/** The hardened instance of the deregistration sample, earlier, connected no more: a FAILED agent check. */
const disconnectedInstance = sample("container-instance-state-changes/deregistered", (event) => {
  event.time = "2026-11-24T16:00:00Z";
  event.detail.status = "ACTIVE";
  event.detail.agentConnected = false;
});

const oldFormatService = sample("api-calls/create-service-public-ip", (event) => {
  const service = (event.detail.responseElements as { service: Record<string, unknown> }).service;
  service.serviceArn = `${ARN}:service/legacy-api`;
  service.serviceName = "legacy-api";
});

describe("lifecycle: every deletion archives the finding its resource's verdict published", () => {
  it.each([
    {
      deletion: "DeregisterTaskDefinition",
      earlier: sample("api-calls/register-task-definition-privileged-root"),
      gone: sample("api-calls/deregister-task-definition"),
      policyId: "no-privileged-containers",
      resourceId: `${ARN}:task-definition/payments-worker:12`,
      reason: "the revision is deregistered (INACTIVE)",
    },
    {
      deletion: "DeleteTaskDefinitions",
      earlier: sample("api-calls/register-task-definition-privileged-root"),
      gone: sample("api-calls/delete-task-definitions"),
      policyId: "no-root-user",
      resourceId: `${ARN}:task-definition/payments-worker:12`,
      reason: "the revision is deleted (DELETE_IN_PROGRESS)",
    },
    {
      deletion: "DeleteService",
      earlier: sample("api-calls/create-service-public-ip"),
      gone: sample("api-calls/delete-service"),
      policyId: "no-service-public-ip",
      resourceId: `${ARN}:service/prod/checkout-api`,
      reason: "the service is deleted",
    },
    {
      deletion: "DeleteService, of a finding an ECS event about the service published",
      earlier: sample("service-events/deployment-failed"),
      gone: sample("api-calls/delete-service"),
      policyId: "service-deployment-succeeds",
      resourceId: `${ARN}:service/prod/checkout-api`,
      reason: "the service is deleted",
    },
    {
      deletion: "DeleteService, of a service with an old-format ARN",
      earlier: oldFormatService,
      gone: sample("api-calls/delete-service-old-arn-format"),
      policyId: "no-service-public-ip",
      resourceId: `${ARN}:service/legacy-api`,
      reason: "the service is deleted",
    },
    {
      deletion: "DeleteService, whose response CloudTrail left out",
      earlier: sample("api-calls/create-service-public-ip"),
      gone: sample("api-calls/delete-service-response-omitted"),
      policyId: "no-service-public-ip",
      resourceId: `${ARN}:service/prod/checkout-api`,
      reason: "the service is deleted",
    },
    {
      deletion: "DeleteTaskSet",
      earlier: sample("api-calls/create-task-set-public-ip"),
      gone: sample("api-calls/delete-task-set"),
      policyId: "no-task-set-public-ip",
      resourceId: `${ARN}:task-set/prod/checkout-canary/ecs-svc/1234567890123456789`,
      reason: "the task set is deleted",
    },
    {
      deletion: "DeleteCluster",
      earlier: sample("api-calls/create-cluster-insights-disabled"),
      gone: sample("api-calls/delete-cluster"),
      policyId: "cluster-container-insights",
      resourceId: `${ARN}:cluster/payments`,
      reason: "the cluster is deleted",
    },
    {
      deletion: "DeleteCapacityProvider",
      earlier: sample("api-calls/create-capacity-provider"),
      gone: sample("api-calls/delete-capacity-provider"),
      policyId: "capacity-provider-termination-protection",
      resourceId: `${ARN}:capacity-provider/payments-asg`,
      reason: "the capacity provider is deleted",
    },
    {
      deletion: "DeleteAccountSetting",
      earlier: sample("api-calls/put-account-setting-trunking-instance-role"),
      gone: sample("api-calls/delete-account-setting"),
      policyId: "account-eni-trunking",
      resourceId:
        "arn:aws:ecs-guardrails:eu-west-1:123456789012:account-setting/awsvpcTrunking/role/ecsInstanceRole",
      reason: "the setting is deleted",
    },
    {
      deletion: "a STOPPED task, of the finding its RunTask published",
      earlier: sample("api-calls/run-task-public-ip"),
      gone: sample("task-state-changes/stopped-essential-container-exited"),
      policyId: "no-task-public-ip",
      resourceId: `${ARN}:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c`,
      reason: "the task stopped",
    },
    {
      deletion: "a STOPPED task, of the finding its RUNNING state published",
      earlier: sample("task-state-changes/running-public-ip"),
      gone: sample("task-state-changes/stopped-essential-container-exited"),
      policyId: "running-task-public-ip",
      resourceId: `${ARN}:task/prod/4d5e6f708192a3b4c5d6e7f8091a2b3c`,
      reason: "the task stopped",
    },
    {
      deletion: "a DEREGISTERING container instance",
      earlier: disconnectedInstance,
      gone: sample("container-instance-state-changes/deregistered", (event) => {
        event.detail.status = "DEREGISTERING";
      }),
      policyId: "container-instance-agent-connected",
      resourceId: EC2_INSTANCE,
      reason: "the container instance is DEREGISTERING",
    },
    {
      deletion: "an INACTIVE (deregistered) container instance",
      earlier: disconnectedInstance,
      gone: sample("container-instance-state-changes/deregistered"),
      policyId: "container-instance-agent-connected",
      resourceId: EC2_INSTANCE,
      reason: "the container instance is INACTIVE",
    },
  ])("$deletion", async ({ earlier, gone, policyId, resourceId, reason }) => {
    const { store, batch } = guardrail();
    await batch(earlier);
    const id = idOf(policyId, resourceId);
    expect(store.get(id)).toMatchObject({ RecordState: "ACTIVE", Compliance: { Status: "FAILED" } });

    await batch(gone);

    expect(store.get(id)).toMatchObject({ Id: id, RecordState: "ARCHIVED", UpdatedAt: gone.time });
    expect(store.get(id)?.Resources?.[0]?.Id).toBe(resourceId);
    expect(store.get(id)?.Description).toContain(`Archived: ${reason}`);
  });

  it("names the call and the caller of a deletion in the archived finding", async () => {
    const { store, batch } = guardrail();
    await batch(sample("api-calls/delete-cluster"));
    expect(store.get(idOf("cluster-container-insights", `${ARN}:cluster/payments`))?.Description).toContain(
      "the cluster is deleted (INACTIVE) (DeleteCluster by arn:aws:sts::123456789012:assumed-role/DeployPipeline/deploy-4711)",
    );
  });

  it("archives the findings of every policy of the resource's kinds, those that are off too", async () => {
    const config = parseConfig(
      { policies: { "no-service-public-ip": { enabled: false } } },
      policies,
      "test config",
    );
    const { publications, batch } = guardrail(config);
    await batch(sample("api-calls/delete-service"));
    const servicePolicies = policies
      .filter((policy) => policy.resource === "Service" || policy.resource === "ServiceEvent")
      .map((policy) => policy.id);
    const [published] = publications;
    expect(published?.map((finding) => finding.GeneratorId).sort()).toEqual(servicePolicies.sort());
    expect(published?.every((finding) => finding.RecordState === "ARCHIVED")).toBe(true);
  });

  it("archives a deregistered revision's findings again when DeleteTaskDefinitions deletes it, as of the deletion", async () => {
    const { store, batch } = guardrail();
    const deleted = sample("api-calls/delete-task-definitions");
    await batch(sample("api-calls/register-task-definition-privileged-root"));
    await batch(sample("api-calls/deregister-task-definition"));
    await batch(deleted);
    const finding = store.get(idOf("no-privileged-containers", `${ARN}:task-definition/payments-worker:12`));
    expect(finding).toMatchObject({ RecordState: "ARCHIVED", UpdatedAt: deleted.time });
    expect(finding?.Description).toContain("the revision is deleted (DELETE_IN_PROGRESS)");
  });
});

describe("lifecycle: a late or repeated event never moves a finding backwards", () => {
  const created = sample("api-calls/create-service-public-ip");
  const deleted = sample("api-calls/delete-service");
  const updatedInTheSameSecond = sample("api-calls/update-service-public-ip-disabled", (event) => {
    event.time = deleted.time;
  });
  const id = idOf("no-service-public-ip", `${ARN}:service/prod/checkout-api`);

  it.each([
    { name: "the deletion, then an older update in a later batch", batches: [[deleted], [created]] },
    { name: "the deletion twice", batches: [[created], [deleted], [deleted]] },
    { name: "the deletion before an older update, in one batch", batches: [[deleted, created]] },
    { name: "an older update before the deletion, in one batch", batches: [[created, deleted]] },
    {
      name: "an update of the same second after the deletion, in one batch",
      batches: [[deleted, updatedInTheSameSecond]],
    },
    {
      name: "an update of the same second before the deletion, in one batch",
      batches: [[updatedInTheSameSecond, deleted]],
    },
    {
      name: "an update of the same second after the deletion, in a later batch",
      batches: [[deleted], [updatedInTheSameSecond]],
    },
  ])("$name leaves the finding ARCHIVED as of the deletion", async ({ batches }) => {
    const { store, publications, batch } = guardrail();
    for (const events of batches) await batch(...events);
    expect(store.get(id)).toMatchObject({ RecordState: "ARCHIVED", UpdatedAt: deleted.time });
    // Within a batch the pipeline publishes each finding once: the latest observation, the archive on a tie.
    for (const findings of publications)
      expect(findings.filter((finding) => finding.Id === id)).toHaveLength(1);
  });

  it("keeps the later of two verdicts of the same second in the order the batch gives them", async () => {
    const { store, batch } = guardrail();
    const createdThen = sample("api-calls/create-service-public-ip", (event) => {
      event.time = updatedInTheSameSecond.time;
    });
    await batch(createdThen, updatedInTheSameSecond);
    expect(store.get(id)).toMatchObject({ RecordState: "ACTIVE", Compliance: { Status: "PASSED" } });
  });
});
