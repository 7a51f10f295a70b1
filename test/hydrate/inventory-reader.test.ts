import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
} from "@aws-sdk/client-ecs";
import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ECS_CONCURRENCY, inventoryReader } from "../../shared/hydrate/inventory-reader.ts";
import { invalidRequests, modelsAvailable } from "../helpers/aws-model.ts";

const ecs = mockClient(ECSClient);
const securityHub = mockClient(SecurityHubClient);
const CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments";
const serviceArn = (index: number) => `arn:aws:ecs:eu-west-1:123456789012:service/payments/s${index}`;
const reader = () => inventoryReader(new ECSClient({}), new SecurityHubClient({}));
const denied = () => Object.assign(new Error("not authorized"), { name: "AccessDeniedException" });

beforeEach(() => {
  ecs.reset();
  securityHub.reset();
});

describe("inventoryReader", () => {
  it("follows every page of a listing", async () => {
    const all = Array.from({ length: 250 }, (_, index) => serviceArn(index));
    // The SDK's paginator reuses one input object, so what each call was sent is recorded as it is sent.
    const tokens: (string | undefined)[] = [];
    ecs.on(ListServicesCommand).callsFake(({ nextToken, cluster, maxResults }) => {
      expect({ cluster, maxResults }).toEqual({ cluster: CLUSTER, maxResults: 100 });
      tokens.push(nextToken);
      const start = Number(nextToken ?? 0);
      return {
        serviceArns: all.slice(start, start + 100),
        nextToken: start + 100 < all.length ? String(start + 100) : undefined,
      };
    });
    expect(await reader().serviceArns(CLUSTER)).toEqual({ documents: all });
    expect(tokens).toEqual([undefined, "100", "200"]);
  });

  it("describes 10 services a call, never more than its concurrency at once", async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    ecs.on(DescribeServicesCommand).callsFake(async ({ services }: { services: string[] }) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { services: services.map((serviceArn) => ({ serviceArn })), failures: [] };
    });
    const arns = Array.from({ length: 95 }, (_, index) => serviceArn(index));
    const outcome = await reader().services(CLUSTER, arns);
    expect(outcome).toEqual({ documents: arns.map((serviceArn) => ({ serviceArn })) });
    expect(
      ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services?.length),
    ).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(mostInFlight).toBe(ECS_CONCURRENCY);
  });

  it("leaves out what ECS no longer knows (MISSING), and skips the whole read when ECS failed on any other", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: serviceArn(1), reason: "MISSING" }] });
    expect(await reader().services(CLUSTER, [serviceArn(1)])).toEqual({ documents: [] });
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: serviceArn(1), reason: "INTERNAL_ERROR" }] });
    expect(await reader().services(CLUSTER, [serviceArn(1)])).toEqual({
      skipped: expect.stringContaining("INTERNAL_ERROR"),
    });
  });

  it("skips a listing ECS denies, whole: a partial one would make what it left out look gone", async () => {
    ecs
      .on(ListTaskDefinitionsCommand)
      .resolvesOnce({
        taskDefinitionArns: ["arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1"],
        nextToken: "2",
      })
      .rejects(denied());
    expect(await reader().activeRevisions()).toEqual({
      skipped: "ECS denies the guardrail ListTaskDefinitions (AccessDeniedException)",
    });
  });

  it("rejects on throttling that outlasted the SDK's retries, so the step returns to its queue", async () => {
    ecs
      .on(ListTaskDefinitionsCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await expect(reader().activeRevisions()).rejects.toThrow("Rate exceeded");
  });

  it("pages the guardrail's findings, and skips them when Security Hub denies GetFindings", async () => {
    securityHub
      .on(GetFindingsCommand)
      .resolves({ Findings: [{ Id: "a" } as AwsSecurityFinding], NextToken: "" });
    expect(await reader().findings({}, undefined)).toEqual({ findings: [{ Id: "a" }], nextToken: undefined });
    securityHub.on(GetFindingsCommand).rejects(denied());
    expect(await reader().findings({}, "next")).toEqual({
      skipped: "Security Hub denies the guardrail GetFindings (AccessDeniedException)",
    });
  });

  describe("containerInstanceOf", () => {
    const STAGING = "arn:aws:ecs:eu-west-1:123456789012:cluster/staging";
    const GONE = "arn:aws:ecs:eu-west-1:123456789012:cluster/being-deleted";
    const INSTANCE =
      "arn:aws:ecs:eu-west-1:123456789012:container-instance/payments/7c1e4f2a9b3d4e5f8a6b0c1d2e3f4a5b";
    const TAGS = [{ key: "ecs-guardrails:exempt", value: "container-instance-imds-hardened" }];

    function account() {
      ecs
        .on(ListClustersCommand)
        .resolvesOnce({ clusterArns: [STAGING, GONE], nextToken: "page-2" })
        .resolves({ clusterArns: [CLUSTER] });
      ecs.on(ListContainerInstancesCommand).callsFake((input: { cluster: string }) => {
        if (input.cluster === GONE) {
          throw Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" });
        }
        return { containerInstanceArns: input.cluster === CLUSTER ? [INSTANCE] : [] };
      });
      ecs.on(DescribeContainerInstancesCommand).resolves({
        containerInstances: [
          { containerInstanceArn: INSTANCE, ec2InstanceId: "i-0a1b2c3d4e5f60718", tags: TAGS },
        ],
        failures: [],
      });
    }

    it("asks each cluster for the EC2 instance, and describes what it finds with its tags and cluster", async () => {
      account();
      const outcome = await reader().containerInstanceOf("i-0a1b2c3d4e5f60718");

      expect(outcome).toEqual({
        documents: [
          {
            containerInstanceArn: INSTANCE,
            ec2InstanceId: "i-0a1b2c3d4e5f60718",
            tags: TAGS,
            clusterArn: CLUSTER,
          },
        ],
      });
      expect(ecs).toHaveReceivedCommandWith(ListContainerInstancesCommand, {
        cluster: STAGING,
        filter: "ec2InstanceId == i-0a1b2c3d4e5f60718",
      });
      expect(ecs).toHaveReceivedCommandWith(DescribeContainerInstancesCommand, {
        cluster: CLUSTER,
        containerInstances: [INSTANCE],
        include: ["TAGS"],
      });
      if (!modelsAvailable()) return;
      expect(invalidRequests("ecs", ecs.calls())).toEqual([]);
    });

    it("answers no document when no cluster holds the instance", async () => {
      ecs.on(ListClustersCommand).resolves({ clusterArns: [STAGING] });
      ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
      expect(await reader().containerInstanceOf("i-0a1b2c3d4e5f60718")).toEqual({ documents: [] });
      expect(ecs).toHaveReceivedCommandTimes(DescribeContainerInstancesCommand, 0);
    });

    it("is skipped, not failed, when ECS denies the lookup", async () => {
      ecs.on(ListClustersCommand).rejects(denied());
      expect(await reader().containerInstanceOf("i-0a1b2c3d4e5f60718")).toEqual({
        skipped: expect.stringContaining("ECS denies the guardrail ListClusters"),
      });
    });
  });
});
