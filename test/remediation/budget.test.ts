import { GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_CONFIG, parseConfig } from "../../shared/engine/config.ts";
import {
  BUDGET_PERMISSION,
  BUDGET_TABLE,
  type BudgetStoreOptions,
  budgetWindow,
  consumeRequest,
  DEFAULT_REMEDIATION_BUDGET,
  remediationBudget,
  remediationBudgetStore,
} from "../../shared/remediation/budget.ts";
import { iamActionExists } from "../helpers/aws-model.ts";
import { createBudgetTable } from "../helpers/budget-table.ts";
import { type LocalDynamoDb, startLocalDynamoDb } from "../helpers/local-dynamodb.ts";

// DynamoDB has no model in ../shared/data/aws-models: its requests are checked by dynalite, which validates
// keys, expressions and attribute values as DynamoDB does, and refuses what DynamoDB would refuse.

const ACCOUNT = "123456789012";
const HOUR = { maxActions: 3, windowMinutes: 60 };
const TEN_PAST_TEN = new Date("2026-11-24T10:10:00.000Z");

let local: LocalDynamoDb;

/** A store on the table, of the account's hourly budget at ten past ten unless the test says otherwise. */
function budgetStore(tableName: string, options: Partial<BudgetStoreOptions> = {}) {
  return remediationBudgetStore({
    client: local.client,
    tableName,
    account: ACCOUNT,
    limits: HOUR,
    now: () => TEN_PAST_TEN,
    ...options,
  });
}

beforeAll(async () => {
  local = await startLocalDynamoDb();
});

afterAll(async () => {
  await local.stop();
});

describe("the remediation budget in DynamoDB", () => {
  it("grants exactly the budget to concurrent invocations, and refuses the next", async () => {
    const tableName = await createBudgetTable(local.client);
    const limits = { maxActions: 10, windowMinutes: 60 };
    // Each invocation has its own store, as concurrent Lambda invocations would.
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => budgetStore(tableName, { limits }).tryConsume()),
    );
    const granted = answers.filter((answer) => answer.granted);
    expect(granted).toHaveLength(10);
    expect(granted.map((answer) => answer.used).sort((left, right) => left - right)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await budgetStore(tableName, { limits }).tryConsume()).toEqual({
      granted: false,
      window: budgetWindow(ACCOUNT, limits, TEN_PAST_TEN),
      maxActions: 10,
    });
  });

  it("grants again in the next window", async () => {
    const tableName = await createBudgetTable(local.client);
    let now = TEN_PAST_TEN;
    const budget = budgetStore(tableName, { now: () => now });
    const spent = [];
    for (let action = 0; action < HOUR.maxActions + 1; action += 1)
      spent.push((await budget.tryConsume()).granted);
    expect(spent).toEqual([true, true, true, false]);
    now = new Date("2026-11-24T10:59:59.999Z");
    expect((await budget.tryConsume()).granted).toBe(false);
    now = new Date("2026-11-24T11:00:00.000Z");
    expect(await budget.tryConsume()).toMatchObject({ granted: true, used: 1 });
  });

  it("keeps one counter per account", async () => {
    const tableName = await createBudgetTable(local.client);
    const limits = { maxActions: 1, windowMinutes: 60 };
    const store = (account: string) => budgetStore(tableName, { account, limits });
    expect((await store(ACCOUNT).tryConsume()).granted).toBe(true);
    expect((await store(ACCOUNT).tryConsume()).granted).toBe(false);
    expect((await store("210987654321").tryConsume()).granted).toBe(true);
  });

  it("stamps the counter with the end of its window, for Time to Live", async () => {
    const tableName = await createBudgetTable(local.client);
    const budget = budgetStore(tableName);
    await budget.tryConsume();
    await budget.tryConsume();
    const { Item } = await local.client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { [BUDGET_TABLE.partitionKey]: { S: `${ACCOUNT}#2026-11-24T10:00:00.000Z` } },
      }),
    );
    expect(Item).toEqual({
      [BUDGET_TABLE.partitionKey]: { S: `${ACCOUNT}#2026-11-24T10:00:00.000Z` },
      actions: { N: "2" },
      [BUDGET_TABLE.timeToLiveAttribute]: { N: String(Date.parse("2026-11-24T11:00:00.000Z") / 1000) },
    });
  });

  it("propagates any other error: no repair without the budget's consent", async () => {
    const budget = budgetStore("no-such-table");
    await expect(budget.tryConsume()).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("runs against a store that refuses what DynamoDB refuses", async () => {
    const tableName = await createBudgetTable(local.client);
    const request = consumeRequest(tableName, budgetWindow(ACCOUNT, HOUR, TEN_PAST_TEN), HOUR.maxActions);
    const unused = {
      ...request,
      ExpressionAttributeValues: { ...request.ExpressionAttributeValues, ":unused": { N: "1" } },
    };
    await expect(local.client.send(new UpdateItemCommand(unused))).rejects.toMatchObject({
      name: "ValidationException",
    });
    const wrongKey = { ...request, Key: { id: { S: "x" } } };
    await expect(local.client.send(new UpdateItemCommand(wrongKey))).rejects.toMatchObject({
      name: "ValidationException",
    });
  });
});

describe("budgetWindow", () => {
  it.each([
    ["2026-11-24T10:00:00.000Z", 60, "2026-11-24T10:00:00.000Z", "2026-11-24T11:00:00.000Z"],
    ["2026-11-24T10:59:59.999Z", 60, "2026-11-24T10:00:00.000Z", "2026-11-24T11:00:00.000Z"],
    ["2026-11-24T10:14:00.000Z", 15, "2026-11-24T10:00:00.000Z", "2026-11-24T10:15:00.000Z"],
    ["2026-11-24T23:30:00.000Z", 1440, "2026-11-24T00:00:00.000Z", "2026-11-25T00:00:00.000Z"],
  ])("at %s, windows of %i minutes: %s to %s", (now, windowMinutes, start, end) => {
    expect(budgetWindow(ACCOUNT, { maxActions: 1, windowMinutes }, new Date(now))).toEqual({
      key: `${ACCOUNT}#${start}`,
      start: new Date(start),
      end: new Date(end),
    });
  });
});

describe("remediationBudget", () => {
  it("is the stage's own, else the top-level one, else the default", () => {
    const config = parseConfig(
      {
        remediationBudget: { maxActions: 20, windowMinutes: 60 },
        stages: { production: { remediationBudget: { maxActions: 2, windowMinutes: 1440 } } },
      },
      [],
      "ecs-guardrails.config.json",
    );
    expect(remediationBudget(config, "production")).toEqual({ maxActions: 2, windowMinutes: 1440 });
    expect(remediationBudget(config, "dev")).toEqual({ maxActions: 20, windowMinutes: 60 });
    expect(remediationBudget(EMPTY_CONFIG, "dev")).toEqual(DEFAULT_REMEDIATION_BUDGET);
  });
});

describe("BUDGET_PERMISSION", () => {
  it("names existing IAM actions, on the budget table only", async () => {
    for (const action of BUDGET_PERMISSION.actions) expect(await iamActionExists(action)).toBe(true);
    expect(BUDGET_PERMISSION.resources).toEqual([
      { arn: "arn:{partition}:dynamodb:{region}:{account}:table/{table}" },
    ]);
  });
});
