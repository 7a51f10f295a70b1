import {
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { GuardrailsConfig, RemediationBudgetConfig } from "../engine/config.ts";
import type { RemediationPermission } from "./permission.ts";

/** Without a budget in the config: ten repairs an hour, few enough for a person to read each one. */
export const DEFAULT_REMEDIATION_BUDGET: RemediationBudgetConfig = { maxActions: 10, windowMinutes: 60 };

/** A stage's budget: its own, else the top-level one, else the default. */
export function remediationBudget(config: GuardrailsConfig, stage: string): RemediationBudgetConfig {
  return config.stages?.[stage]?.remediationBudget ?? config.remediationBudget ?? DEFAULT_REMEDIATION_BUDGET;
}

/**
 * The budget table, as the stack must create it: a string partition key, on-demand capacity, and Time to Live
 * on a number attribute (epoch seconds), which removes a window's counter after the window ends.
 */
export const BUDGET_TABLE = { partitionKey: "window", timeToLiveAttribute: "expiresAt" } as const;

const COUNTER_ATTRIBUTE = "actions";

/**
 * What the budget needs from IAM: one conditional UpdateItem per repair, on the budget table only. `{table}` is
 * the table's name, which the stack fills in beside `{partition}`, `{region}` and `{account}`. The table holds
 * nothing but the counters, so no condition key needs to narrow the grant.
 */
export const BUDGET_PERMISSION: RemediationPermission = {
  actions: ["dynamodb:UpdateItem"],
  resources: [{ arn: "arn:{partition}:dynamodb:{region}:{account}:table/{table}" }],
  scopableBy: [],
};

export interface BudgetWindow {
  /** `<account>#<start of the window, ISO 8601>`: the counter's key. */
  readonly key: string;
  readonly start: Date;
  readonly end: Date;
}

/** The fixed window `now` falls in: windows start at multiples of their length since the epoch. */
export function budgetWindow(account: string, limits: RemediationBudgetConfig, now: Date): BudgetWindow {
  const length = limits.windowMinutes * 60_000;
  const start = new Date(Math.floor(now.getTime() / length) * length);
  return { key: `${account}#${start.toISOString()}`, start, end: new Date(start.getTime() + length) };
}

/**
 * The UpdateItem that takes one action from the window's counter, atomically: it adds one only while the
 * counter is below the cap (or absent: the window's first action), so concurrent invocations can never
 * together exceed it. DynamoDB refuses it with ConditionalCheckFailedException once the cap is reached.
 */
export function consumeRequest(
  tableName: string,
  window: BudgetWindow,
  maxActions: number,
): UpdateItemCommandInput {
  return {
    TableName: tableName,
    Key: { [BUDGET_TABLE.partitionKey]: { S: window.key } },
    UpdateExpression: "ADD #actions :one SET #expiresAt = :expiresAt",
    ConditionExpression: "attribute_not_exists(#actions) OR #actions < :maxActions",
    ExpressionAttributeNames: {
      "#actions": COUNTER_ATTRIBUTE,
      "#expiresAt": BUDGET_TABLE.timeToLiveAttribute,
    },
    ExpressionAttributeValues: {
      ":one": { N: "1" },
      ":maxActions": { N: String(maxActions) },
      ":expiresAt": { N: String(Math.ceil(window.end.getTime() / 1000)) },
    },
    ReturnValues: "UPDATED_NEW",
  };
}

export type BudgetAnswer =
  | {
      readonly granted: true;
      readonly window: BudgetWindow;
      readonly used: number;
      readonly maxActions: number;
    }
  | { readonly granted: false; readonly window: BudgetWindow; readonly maxActions: number };

export interface RemediationBudget {
  /** Takes one action from the current window, or says the window's budget is spent (refused until `window.end`). */
  tryConsume(): Promise<BudgetAnswer>;
}

export interface BudgetStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly account: string;
  readonly limits: RemediationBudgetConfig;
  /** The clock; tests pass their own. */
  readonly now?: () => Date;
}

/**
 * The budget of repairs per window and account, kept in DynamoDB so every concurrent invocation draws on the
 * same counter. Only a repair that is about to change a resource consumes; a dry run or a notice does not.
 * Errors other than the refusal (throttling, a missing table, denied access) propagate: no repair without
 * the budget's consent. The count errs on the side of fewer repairs: an UpdateItem the SDK retries after a
 * lost response may count twice. Windows are fixed, so across a boundary up to twice the cap can pass within
 * one window's length.
 */
export function remediationBudgetStore({
  client,
  tableName,
  account,
  limits,
  now = () => new Date(),
}: BudgetStoreOptions): RemediationBudget {
  return {
    async tryConsume() {
      const window = budgetWindow(account, limits, now());
      try {
        const output = await client.send(
          new UpdateItemCommand(consumeRequest(tableName, window, limits.maxActions)),
        );
        const used = Number(output.Attributes?.[COUNTER_ATTRIBUTE]?.N);
        return { granted: true, window, used, maxActions: limits.maxActions };
      } catch (error) {
        // By name, as the other readers do: the exception class may come from another copy of the SDK.
        if (error instanceof Error && error.name === "ConditionalCheckFailedException") {
          return { granted: false, window, maxActions: limits.maxActions };
        }
        throw error;
      }
    },
  };
}
