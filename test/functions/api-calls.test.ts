import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTaskSetsCommand,
  ECSClient,
} from "@aws-sdk/client-ecs";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { policies } from "../../shared/policies/index.ts";
import { apiCallsRoute } from "../../shared/runtime/routes.ts";
import { modelsAvailable, validateBatchImportFindings, validateRequest } from "../helpers/aws-model.ts";
import {
  acceptEveryOutput,
  importedFindings,
  statusByPolicy,
  stubFunctionEnvironment,
} from "../helpers/function-harness.ts";
import { lambdaContext, sqsEvent } from "../helpers/lambda.ts";
import { sampleEvent } from "../helpers/samples.ts";
import { expectExactlyAllowed, recordSentActions } from "../helpers/sent-actions.ts";
import { captureStructuredLogs } from "../helpers/structured-logs.ts";

const DEAD_LETTER_QUEUE_URL = stubFunctionEnvironment("INFO", "ApiCalls");

const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const securityHub = mockClient(SecurityHubClient);
const sqs = mockClient(SQSClient);

/** Every command any test sent, to prove the route's IAM permissions allow exactly these calls. */
const sentActions = new Set<string>();
let logs: ReturnType<typeof captureStructuredLogs>;

const { handler } = await import("../../functions/api-calls.ts");

async function invoke(bodies: readonly unknown[]) {
  const response = await handler(sqsEvent(bodies), lambdaContext());
  recordSentActions(sentActions, { ecs, iam, securityhub: securityHub, sqs });
  return response;
}

beforeAll(() => {
  logs = captureStructuredLogs();
});

beforeEach(() => {
  ecs.reset();
  iam.reset();
  // By default task roles exist and have no policies; tests that judge a role give it some.
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  securityHub.reset();
  sqs.reset();
  acceptEveryOutput(securityHub, sqs);
  logs.clear();
});

afterAll(() => vi.restoreAllMocks());

describe("functions/api-calls", () => {
  it("publishes one finding per applicable policy of a registered task definition", async () => {
    // Prepare
    const event = sampleEvent("api-calls/register-task-definition-privileged-root");
    // Act
    const response = await invoke([event]);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    const findings = importedFindings(securityHub);
    expect(statusByPolicy(findings)).toMatchObject({
      "no-host-network-mode": "PASSED",
      "no-host-pid-mode": "PASSED",
      "no-instance-metadata-access": "FAILED",
      "no-privileged-containers": "FAILED",
      "no-root-user": "FAILED",
    });
    const taskDefinitionPolicies = policies
      .filter((policy) => policy.resource === "TaskDefinition")
      .map((policy) => policy.id);
    expect(findings.every((finding) => taskDefinitionPolicies.includes(finding.GeneratorId ?? ""))).toBe(
      true,
    );
    // Linux: the Windows policy does not apply and publishes nothing.
    expect(findings.map((finding) => finding.GeneratorId)).not.toContain("no-windows-admin-user");
    const arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/payments-worker:12";
    const privileged = findings.find((finding) => finding.GeneratorId === "no-privileged-containers");
    expect(privileged).toMatchObject({
      Id: `eu-west-1/123456789012/no-privileged-containers/${arn}`,
      ProductArn: "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default",
      AwsAccountId: "123456789012",
      CreatedAt: "2026-11-24T10:02:41Z",
      FindingProviderFields: { Severity: { Label: "HIGH" } },
      Resources: [{ Type: "AwsEcsTaskDefinition", Id: arn, Partition: "aws", Region: "eu-west-1" }],
      ProductFields: {
        "ecs-guardrails/policy": "no-privileged-containers",
        "ecs-guardrails/controls": "ECS.4",
        "ecs-guardrails/actor": "arn:aws:sts::123456789012:assumed-role/DeployPipeline/deploy-4711",
        "ecs-guardrails/source-ip": "198.51.100.24",
        "ecs-guardrails/event-id": "5f0c9a6e-1b2d-4c3e-8f4a-0a1b2c3d4e01",
      },
    });
    expect(privileged?.Description).toContain(
      '/containerDefinitions/1/privileged: container "metrics-agent" runs in privileged mode',
    );
  });

  it("never sends environment variable values to Security Hub", async () => {
    await invoke([sampleEvent("api-calls/register-task-definition-privileged-root")]);
    const serialized = JSON.stringify(
      securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input),
    );
    expect(serialized).toContain("DB_PASSWORD");
    expect(serialized).not.toContain("correct-horse-battery-staple");
  });

  it("describes the task definition when CloudTrail left out the response", async () => {
    const registered = sampleEvent("api-calls/register-task-definition-privileged-root") as {
      detail: { responseElements: { taskDefinition: Record<string, unknown> } };
    };
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: registered.detail.responseElements.taskDefinition });
    const response = await invoke([sampleEvent("api-calls/register-task-definition-response-omitted")]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, {
      taskDefinition: "payments-worker",
      include: ["TAGS"],
    });
    expect(statusByPolicy(importedFindings(securityHub))["no-privileged-containers"]).toBe("FAILED");
  });

  it("describes the service when an UpdateService response is missing", async () => {
    const created = sampleEvent("api-calls/create-service-public-ip") as {
      detail: { responseElements: { service: unknown } };
    };
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [created.detail.responseElements.service as never], failures: [] });
    await invoke([sampleEvent("api-calls/update-service-response-omitted")]);
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: "prod",
      services: ["checkout-api"],
    });
    expect(statusByPolicy(importedFindings(securityHub))["no-service-public-ip"]).toBe("FAILED");
  });

  it("describes the service's task sets when a CreateTaskSet response is missing", async () => {
    const created = structuredClone(sampleEvent("api-calls/create-task-set-public-ip")) as {
      detail: { responseElements: { taskSet: unknown } | null };
    };
    const taskSet = created.detail.responseElements?.taskSet;
    created.detail.responseElements = null;
    ecs.on(DescribeTaskSetsCommand).resolves({ taskSets: [taskSet as never] });
    await invoke([created]);
    expect(ecs).toHaveReceivedCommandWith(DescribeTaskSetsCommand, {
      cluster: "prod",
      service: "checkout-canary",
    });
    expect(statusByPolicy(importedFindings(securityHub))["no-task-set-public-ip"]).toBe("FAILED");
  });

  it("describes the cluster, with settings, configuration and tags, when UpdateClusterSettings' response is missing", async () => {
    const created = sampleEvent("api-calls/create-cluster-insights-disabled") as {
      detail: { responseElements: { cluster: unknown } };
    };
    ecs
      .on(DescribeClustersCommand)
      .resolves({ clusters: [created.detail.responseElements.cluster as never], failures: [] });
    const response = await invoke([sampleEvent("api-calls/update-cluster-settings-response-omitted")]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs).toHaveReceivedCommandWith(DescribeClustersCommand, {
      clusters: ["payments"],
      include: ["SETTINGS", "CONFIGURATIONS", "TAGS"],
    });
  });

  it("describes a capacity provider when UpdateCapacityProvider's response is missing", async () => {
    const created = structuredClone(sampleEvent("api-calls/create-capacity-provider")) as {
      detail: { eventName: string; responseElements: { capacityProvider: unknown } | null };
    };
    const provider = created.detail.responseElements?.capacityProvider;
    created.detail.eventName = "UpdateCapacityProvider";
    created.detail.responseElements = null;
    ecs.on(DescribeCapacityProvidersCommand).resolves({ capacityProviders: [provider as never] });
    const response = await invoke([created]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs).toHaveReceivedCommandWith(DescribeCapacityProvidersCommand, {
      capacityProviders: ["payments-asg"],
      include: ["TAGS"],
    });
  });

  it("re-reads a tagged service and publishes its exemption as PASSED with the reason and who set it", async () => {
    const created = sampleEvent("api-calls/create-service-public-ip") as {
      detail: { responseElements: { service: Record<string, unknown> } };
    };
    const tagged = sampleEvent("api-calls/tag-resource-service-exemption") as {
      detail: { requestParameters: { tags: unknown[] } };
    };
    const service = {
      ...created.detail.responseElements.service,
      tags: tagged.detail.requestParameters.tags,
    };
    ecs.on(DescribeServicesCommand).resolves({ services: [service as never], failures: [] });
    await invoke([tagged]);
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: "prod",
      services: ["arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api"],
      include: ["TAGS"],
    });
    const finding = importedFindings(securityHub).find(
      (candidate) => candidate.GeneratorId === "no-service-public-ip",
    );
    expect(finding?.Compliance).toEqual({
      Status: "PASSED",
      StatusReasons: [
        {
          ReasonCode: "EXEMPTED",
          Description:
            "exempted by the resource's ecs-guardrails:exempt tag (set by arn:aws:sts::123456789012:assumed-role/DeployPipeline/deploy-4711) until 2026-12-31: public demo until the ALB migration",
        },
      ],
    });
    expect(finding?.ProductFields?.["ecs-guardrails/actor"]).toBe(
      "arn:aws:sts::123456789012:assumed-role/DeployPipeline/deploy-4711",
    );
  });

  it("publishes nothing for a service that no longer exists", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: "checkout-api", reason: "MISSING" }] });
    const response = await invoke([sampleEvent("api-calls/update-service-response-omitted")]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
  });

  it("judges services, task sets and standalone tasks", async () => {
    await invoke([
      sampleEvent("api-calls/create-service-public-ip"),
      sampleEvent("api-calls/create-task-set-public-ip"),
      sampleEvent("api-calls/run-task-public-ip"),
      sampleEvent("api-calls/start-task-bridge"),
    ]);
    const publicIpPolicies = ["no-service-public-ip", "no-task-set-public-ip", "no-task-public-ip"];
    const findings = importedFindings(securityHub).filter((finding) =>
      publicIpPolicies.includes(finding.GeneratorId ?? ""),
    );
    expect(
      findings.map((finding) => [
        finding.GeneratorId,
        finding.Resources?.[0]?.Type,
        finding.Compliance?.Status,
      ]),
    ).toEqual([
      ["no-service-public-ip", "AwsEcsService", "FAILED"],
      ["no-task-set-public-ip", "Other", "FAILED"],
      ["no-task-public-ip", "AwsEcsTask", "FAILED"],
      ["no-task-public-ip", "AwsEcsTask", "PASSED"],
    ]);
    expect(findings[2]?.ProductFields?.["ecs-guardrails/actor"]).toBe(
      "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/jane.doe",
    );
  });

  it("publishes one update per finding when a batch holds several events about one resource", async () => {
    await invoke([
      sampleEvent("api-calls/create-service-public-ip"),
      sampleEvent("api-calls/update-service-public-ip-disabled"),
    ]);
    const findings = importedFindings(securityHub);
    expect(new Set(findings.map((finding) => finding.Id)).size).toBe(findings.length);
    const servicePolicies = policies.filter((policy) => policy.resource === "Service");
    expect(findings.length).toBeLessThanOrEqual(servicePolicies.length);
    expect(findings.find((finding) => finding.GeneratorId === "no-service-public-ip")).toMatchObject({
      Compliance: { Status: "PASSED" },
      UpdatedAt: "2026-11-24T11:40:00Z",
    });
  });

  it("makes ⌈findings/100⌉ Security Hub calls for a large batch", async () => {
    const events = Array.from({ length: 250 }, (_, index) => {
      const event = structuredClone(sampleEvent("api-calls/run-task-public-ip")) as {
        id: string;
        detail: { responseElements: { tasks: { taskArn: string }[] } };
      };
      event.id = `run-${index}`;
      for (const task of event.detail.responseElements.tasks) task.taskArn = `${task.taskArn}${index}`;
      return event;
    });
    const response = await invoke(events);
    expect(response).toEqual({ batchItemFailures: [] });
    const findings = importedFindings(securityHub);
    expect(findings.filter((finding) => finding.GeneratorId === "no-task-public-ip")).toHaveLength(250);
    expect(securityHub).toHaveReceivedCommandTimes(
      BatchImportFindingsCommand,
      Math.ceil(findings.length / 100),
    );
  });

  describe("account settings", () => {
    const SETTINGS = "arn:aws:ecs-guardrails:eu-west-1:123456789012:account-setting";

    it("publishes, for a PutAccountSettingDefault, the findings of the policies about the setting it changed", async () => {
      // Prepare
      const event = sampleEvent("api-calls/put-account-setting-default-insights-disabled");
      // Act
      const response = await invoke([event]);
      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(ecs.calls()).toEqual([]);
      const findings = importedFindings(securityHub);
      const resourceId = `${SETTINGS}/containerInsights/default`;
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        Id: `eu-west-1/123456789012/account-container-insights-default/${resourceId}`,
        GeneratorId: "account-container-insights-default",
        Compliance: { Status: "FAILED" },
        FindingProviderFields: { Severity: { Label: "LOW" } },
        Resources: [
          {
            Type: "Other",
            Id: resourceId,
            Partition: "aws",
            Region: "eu-west-1",
            Details: {
              Other: {
                Name: "containerInsights",
                Value: "disabled",
                PrincipalArn: "arn:aws:iam::123456789012:root",
                Type: "user",
              },
            },
          },
        ],
        ProductFields: {
          "ecs-guardrails/actor": "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/jane.doe",
          "ecs-guardrails/event-name": "PutAccountSettingDefault",
        },
      });
      expect(findings[0]?.Description).toContain(
        "/value: the account default of containerInsights is disabled, so new clusters start without Container Insights",
      );
    });

    it("judges a principal's own setting as a resource of its own", async () => {
      await invoke([sampleEvent("api-calls/put-account-setting-trunking-instance-role")]);
      expect(
        importedFindings(securityHub).map((finding) => [
          finding.GeneratorId,
          finding.Resources?.[0]?.Id,
          finding.Compliance?.Status,
          finding.FindingProviderFields?.Severity?.Label,
        ]),
      ).toEqual([
        [
          "account-eni-trunking",
          `${SETTINGS}/awsvpcTrunking/role/ecsInstanceRole`,
          "FAILED",
          "INFORMATIONAL",
        ],
      ]);
    });
  });

  describe("task role permissions", () => {
    const TASK_ROLE = "payments-worker-task";
    const CUSTOMER_POLICY = "arn:aws:iam::123456789012:policy/payments-read";
    const ADMINISTRATOR = "arn:aws:iam::aws:policy/AdministratorAccess";
    const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));

    function leastPrivilegeFinding() {
      return importedFindings(securityHub).find(
        (finding) => finding.GeneratorId === "task-role-least-privilege",
      );
    }

    it("reads the task role's inline and managed policies and fails wildcard and administrator grants", async () => {
      iam.on(ListAttachedRolePoliciesCommand).resolves({
        AttachedPolicies: [
          { PolicyName: "AdministratorAccess", PolicyArn: ADMINISTRATOR },
          { PolicyName: "payments-read", PolicyArn: CUSTOMER_POLICY },
        ],
      });
      iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["everything"] });
      iam.on(GetRolePolicyCommand).resolves({
        RoleName: TASK_ROLE,
        PolicyName: "everything",
        PolicyDocument: encoded({ Statement: [{ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }] }),
      });
      iam.on(GetPolicyCommand).callsFake(({ PolicyArn }: { PolicyArn: string }) => ({
        Policy: { Arn: PolicyArn, DefaultVersionId: "v3" },
      }));
      iam.on(GetPolicyVersionCommand).resolves({
        PolicyVersion: {
          VersionId: "v3",
          IsDefaultVersion: true,
          Document: encoded({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } }),
        },
      });

      const response = await invoke([sampleEvent("api-calls/register-task-definition-privileged-root")]);

      expect(response).toEqual({ batchItemFailures: [] });
      expect(iam).toHaveReceivedCommandWith(ListAttachedRolePoliciesCommand, { RoleName: TASK_ROLE });
      expect(iam).toHaveReceivedCommandWith(GetRolePolicyCommand, {
        RoleName: TASK_ROLE,
        PolicyName: "everything",
      });
      expect(iam).toHaveReceivedCommandWith(GetPolicyVersionCommand, {
        PolicyArn: CUSTOMER_POLICY,
        VersionId: "v3",
      });
      const finding = leastPrivilegeFinding();
      expect(finding?.Compliance?.Status).toBe("FAILED");
      expect(finding?.Description).toContain(`the task role has the AWS managed policy ${ADMINISTRATOR}`);
      expect(finding?.Description).toContain(
        'inline policy "everything" Statement[0] (Sid "All") allows "*" on every resource ("*") without a condition',
      );
    });

    it("passes a task role whose policies grant specific actions", async () => {
      iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["read-orders"] });
      iam.on(GetRolePolicyCommand).resolves({
        PolicyDocument: encoded({
          Statement: [
            { Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:*:*:table/orders" },
          ],
        }),
      });
      await invoke([sampleEvent("api-calls/register-task-definition-privileged-root")]);
      expect(leastPrivilegeFinding()?.Compliance?.Status).toBe("PASSED");
    });

    it("publishes NOT_AVAILABLE for a task role that does not exist", async () => {
      iam
        .on(ListAttachedRolePoliciesCommand)
        .rejects(new NoSuchEntityException({ message: "The role cannot be found.", $metadata: {} }));
      const response = await invoke([sampleEvent("api-calls/register-task-definition-privileged-root")]);
      expect(response).toEqual({ batchItemFailures: [] });
      expect(leastPrivilegeFinding()?.Compliance?.Status).toBe("NOT_AVAILABLE");
      expect(leastPrivilegeFinding()?.Description).toContain("does not exist");
    });

    it("publishes NOT_AVAILABLE for a task role IAM does not let the guardrail read", async () => {
      iam
        .on(ListRolePoliciesCommand)
        .rejects(
          Object.assign(new Error("explicit deny in a service control policy"), { name: "AccessDenied" }),
        );
      const response = await invoke([sampleEvent("api-calls/register-task-definition-privileged-root")]);
      expect(response).toEqual({ batchItemFailures: [] });
      expect(leastPrivilegeFinding()?.Compliance?.Status).toBe("NOT_AVAILABLE");
      expect(leastPrivilegeFinding()?.Description).toContain(
        "the task role's permissions cannot be read: IAM denies the guardrail reading the role's policies (AccessDenied)",
      );
    });

    it("returns the record to the queue when IAM fails", async () => {
      iam
        .on(ListRolePoliciesCommand)
        .rejects(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }));
      const response = await invoke([
        sampleEvent("api-calls/register-task-definition-privileged-root"),
        sampleEvent("api-calls/run-task-public-ip"),
      ]);
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-0" }] });
      expect(leastPrivilegeFinding()).toBeUndefined();
    });

    it("reads a role once for every task definition of the batch that names it", async () => {
      const second = structuredClone(sampleEvent("api-calls/register-task-definition-privileged-root")) as {
        id: string;
        detail: { eventID: string; responseElements: { taskDefinition: { taskDefinitionArn: string } } };
      };
      second.id = "second-registration";
      second.detail.eventID = "second-registration";
      second.detail.responseElements.taskDefinition.taskDefinitionArn =
        second.detail.responseElements.taskDefinition.taskDefinitionArn.replace(/:12$/, ":13");
      await invoke([sampleEvent("api-calls/register-task-definition-privileged-root"), second]);
      expect(iam).toHaveReceivedCommandTimes(ListAttachedRolePoliciesCommand, 1);
      expect(iam).toHaveReceivedCommandTimes(ListRolePoliciesCommand, 1);
      expect(
        importedFindings(securityHub).filter(
          (finding) => finding.GeneratorId === "task-role-least-privilege",
        ),
      ).toHaveLength(2);
    });
  });

  describe("bad input loses nothing", () => {
    it("sends a body that is not JSON to the dead-letter queue with the reason", async () => {
      const response = await invoke([
        { raw: "{not json" },
        sampleEvent("api-calls/create-service-public-ip"),
      ]);
      expect(response).toEqual({ batchItemFailures: [] });
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
      const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
      expect(sent?.QueueUrl).toBe(DEAD_LETTER_QUEUE_URL);
      expect(sent?.MessageBody).toBe("{not json");
      expect(sent?.MessageAttributes?.["ecs-guardrails-reason"]?.StringValue).toMatch(/not JSON/);
      expect(logs.lines).toContainEqual(expect.objectContaining({ level: "WARN", messageId: "message-0" }));
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    });

    it("dead-letters an event that fails the schema, naming the field", async () => {
      const event = structuredClone(sampleEvent("api-calls/create-service-public-ip")) as {
        detail: Record<string, unknown>;
      };
      delete event.detail.eventID;
      await invoke([event]);
      const reason =
        sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageAttributes?.["ecs-guardrails-reason"]
          ?.StringValue;
      expect(reason).toMatch(/detail\.eventID/);
    });

    it("dead-letters an event the route's rules do not match (a failed call)", async () => {
      await invoke([sampleEvent("api-calls/create-service-access-denied")]);
      const reason =
        sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageAttributes?.["ecs-guardrails-reason"]
          ?.StringValue;
      expect(reason).toMatch(/matches no rule of the ApiCalls route/);
      expect(securityHub).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    });

    it("keeps a malformed record in the queue when the dead-letter queue cannot take it", async () => {
      sqs.on(SendMessageCommand).rejects(new Error("AccessDenied"));
      const response = await invoke([{ raw: "[]]" }]);
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-0" }] });
    });
  });

  describe("failures return only the affected records to the queue", () => {
    it("retries, then returns the record whose finding Security Hub keeps refusing", async () => {
      const refusedId =
        "eu-west-1/123456789012/no-task-set-public-ip/arn:aws:ecs:eu-west-1:123456789012:task-set/prod/checkout-canary/ecs-svc/1234567890123456789";
      securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
        const refused = input.Findings.filter((finding) => finding.Id === refusedId);
        return {
          FailedCount: refused.length,
          SuccessCount: input.Findings.length - refused.length,
          FailedFindings: refused.map((finding) => ({
            Id: finding.Id,
            ErrorCode: "InvalidInput",
            ErrorMessage: "refused",
          })),
        };
      });
      const response = await invoke([
        sampleEvent("api-calls/create-service-public-ip"),
        sampleEvent("api-calls/create-task-set-public-ip"),
      ]);
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-1" }] });
      // the first call, then two retries of the refused finding alone
      expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
      expect(
        securityHub.commandCalls(BatchImportFindingsCommand)[2]?.args[0].input.Findings?.map((f) => f.Id),
      ).toEqual([refusedId]);
    });

    it("returns every record with findings when Security Hub is unreachable", async () => {
      securityHub.on(BatchImportFindingsCommand).rejects(new Error("socket hang up"));
      const response = await invoke([
        sampleEvent("api-calls/create-service-public-ip"),
        { raw: "not json" },
        sampleEvent("api-calls/run-task-public-ip"),
      ]);
      expect(response).toEqual({
        batchItemFailures: [{ itemIdentifier: "message-0" }, { itemIdentifier: "message-2" }],
      });
    });

    it("returns a record whose Describe call failed and publishes the others", async () => {
      ecs
        .on(DescribeServicesCommand)
        .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
      const response = await invoke([
        sampleEvent("api-calls/update-service-response-omitted"),
        sampleEvent("api-calls/run-task-public-ip"),
      ]);
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-0" }] });
      const taskPolicies = policies.filter((policy) => policy.resource === "Task").map((policy) => policy.id);
      expect(
        importedFindings(securityHub).every((finding) => taskPolicies.includes(finding.GeneratorId ?? "")),
      ).toBe(true);
      expect(logs.lines).toContainEqual(expect.objectContaining({ level: "ERROR", messageId: "message-0" }));
    });
  });

  describe.skipIf(!modelsAvailable())("requests against the AWS API models", () => {
    it("sends only valid BatchImportFindings and Describe requests", async () => {
      const registered = sampleEvent("api-calls/register-task-definition-privileged-root") as {
        detail: { responseElements: { taskDefinition: Record<string, unknown> } };
      };
      ecs
        .on(DescribeTaskDefinitionCommand)
        .resolves({ taskDefinition: registered.detail.responseElements.taskDefinition });
      ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [] });
      ecs.on(DescribeTaskSetsCommand).resolves({ taskSets: [] });
      const createTaskSet = structuredClone(sampleEvent("api-calls/create-task-set-public-ip")) as {
        detail: { responseElements: unknown };
      };
      createTaskSet.detail.responseElements = null;
      await invoke(
        [
          ...[
            "register-task-definition-privileged-root",
            "register-task-definition-response-omitted",
            "create-service-public-ip",
          ],
          ...[
            "update-service-public-ip-disabled",
            "update-service-response-omitted",
            "create-task-set-public-ip",
            "run-task-public-ip",
          ],
          "start-task-bridge",
        ]
          .map((name) => sampleEvent(`api-calls/${name}`))
          .concat([createTaskSet]),
      );
      const batches = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
      expect(batches.length).toBeGreaterThan(0);
      for (const input of batches) expect(validateBatchImportFindings(input)).toEqual([]);
      const ecsRequests = ecs
        .calls()
        .map((call) => call.args[0] as unknown as { constructor: { name: string }; input: unknown });
      for (const operation of ["DescribeTaskDefinition", "DescribeServices", "DescribeTaskSets"]) {
        const inputs = ecsRequests.filter((request) => request.constructor.name === `${operation}Command`);
        expect(inputs.length, operation).toBeGreaterThan(0);
        for (const { input } of inputs) expect(validateRequest("ecs", operation, input)).toEqual([]);
      }
    });
  });

  describe.skipIf(!modelsAvailable())("account setting findings against the Security Hub model", () => {
    it("sends only valid BatchImportFindings requests", async () => {
      await invoke([
        sampleEvent("api-calls/put-account-setting-default-insights-disabled"),
        sampleEvent("api-calls/put-account-setting-trunking-instance-role"),
      ]);
      const batches = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input);
      expect(batches.flatMap((input) => input.Findings ?? [])).toHaveLength(2);
      for (const input of batches) expect(validateBatchImportFindings(input)).toEqual([]);
    });
  });

  describe("IAM", () => {
    it("allows every AWS call the handler made, and nothing it never makes", async () => {
      await expectExactlyAllowed(sentActions, apiCallsRoute.permissions);
    });
  });
});
