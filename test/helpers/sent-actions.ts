import type { AwsStub } from "aws-sdk-client-mock";
import { expect } from "vitest";
import { iamActionExists, modelsAvailable, operationOf } from "./aws-model.ts";

// biome-ignore lint/suspicious/noExplicitAny: aws-sdk-client-mock's stubs are typed per client; only their calls are read.
type AnyStub = AwsStub<any, any, any>;

/** Adds the IAM action of every call the mocked clients received (`ecs:DescribeServices`), by service prefix. */
export function recordSentActions(sent: Set<string>, clients: Readonly<Record<string, AnyStub>>): void {
  for (const [prefix, client] of Object.entries(clients)) {
    for (const call of client.calls()) {
      sent.add(`${prefix}:${operationOf(call.args[0])}`);
    }
  }
}

/**
 * The calls made are exactly the ones the permissions allow, no more and none left unused, and each is an IAM
 * action of its service (against the AWS models, where present).
 */
export async function expectExactlyAllowed(
  sent: ReadonlySet<string>,
  permissions: readonly { readonly actions: readonly string[] }[],
): Promise<void> {
  const allowed = new Set(permissions.flatMap((permission) => permission.actions));
  expect([...sent].sort()).toEqual([...allowed].sort());
  for (const action of allowed) {
    if (modelsAvailable()) expect(await iamActionExists(action), action).toBe(true);
  }
}
