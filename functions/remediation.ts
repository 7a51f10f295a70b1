// Remediation: the requests the event routes send once a FAILED finding is published, and the Security Hub custom
// action a person chooses on findings, both delivered by EventBridge through the Remediation queue.
import { Logger } from "@aws-lambda-powertools/logger";
import {
  createDynamoDbClient,
  createEc2Client,
  createEcsClient,
  createSecurityHubClient,
  createSnsClient,
  createSqsClient,
} from "../shared/aws/clients.ts";
import { containerInstanceReader } from "../shared/hydrate/container-instance-reader.ts";
import { ecsStateReader } from "../shared/hydrate/ecs-state-reader.ts";
import { inventoryReader } from "../shared/hydrate/inventory-reader.ts";
import { networkInterfaceReader } from "../shared/hydrate/network-interface-reader.ts";
import { unreadState } from "../shared/hydrate/unread-state.ts";
import { policies } from "../shared/policies/index.ts";
import { remediationBudget, remediationBudgetStore } from "../shared/remediation/budget.ts";
import { runtimeConfig } from "../shared/runtime/config.ts";
import { remediationEvaluators } from "../shared/runtime/remediation-evaluator.ts";
import { remediationTopic } from "../shared/runtime/remediation-topic.ts";
import { remediationRoute } from "../shared/runtime/routes.ts";
import { createSqsHandler } from "../shared/runtime/sqs-handler.ts";

const config = runtimeConfig(policies);
const { remediationBudgetTable, account, remediationTopicArn } = config;
if (remediationBudgetTable === undefined || account === undefined || remediationTopicArn === undefined) {
  throw new Error(
    "the remediation function needs REMEDIATION_BUDGET_TABLE, GUARDRAILS_ACCOUNT and REMEDIATION_TOPIC_ARN (the stack sets them)",
  );
}
const ecs = createEcsClient();
const ec2 = createEc2Client();
const securityHub = createSecurityHubClient();
const logger = new Logger({ serviceName: "ecs-guardrails" });
const unread = unreadState("the remediation function does not read this");

export const handler = createSqsHandler({
  route: {
    spec: remediationRoute,
    evaluators: {
      ...remediationEvaluators({
        clients: { ecs, ec2, securityHub },
        budget: remediationBudgetStore({
          client: createDynamoDbClient(),
          tableName: remediationBudgetTable,
          account,
          limits: remediationBudget(config.guardrails, config.stage),
        }),
        stage: config.stage,
        roles: { roleArns: config.guardrailRoleArns },
        logger,
        announce: remediationTopic(createSnsClient(), remediationTopicArn),
      }),
    },
  },
  config,
  clients: { securityHub, sqs: createSqsClient() },
  logger,
  // The resource is read again before anything is decided: ECS, its tasks' network interfaces, EC2 instances and
  // the container instances registered for them.
  readState: () => {
    const { tasks, containerInstanceOf } = inventoryReader(ecs, securityHub);
    return {
      ...unread,
      ...ecsStateReader(ecs),
      ...networkInterfaceReader(ec2),
      ...containerInstanceReader(ec2, ecs),
      inventory: { ...unread.inventory, tasks, containerInstanceOf },
    };
  },
});
