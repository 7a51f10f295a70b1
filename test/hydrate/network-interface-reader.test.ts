import { DescribeNetworkInterfacesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { networkInterfaceReader } from "../../shared/hydrate/network-interface-reader.ts";
import { modelsAvailable, validateRequest } from "../helpers/aws-model.ts";
import { describedInterface, describeNetworkInterfacesFrom } from "../helpers/task-state-changes.ts";

const ec2 = mockClient(EC2Client);
const ids = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => `eni-${String(from + index).padStart(17, "0")}`);

beforeEach(() => ec2.reset());

describe("networkInterfaceReader", () => {
  it("describes a hundred ids a call, each once, and leaves out those EC2 no longer knows", async () => {
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .callsFake(describeNetworkInterfacesFrom(ids(180).map((id) => describedInterface(id, "10.0.0.1"))));
    const requested = [...ids(250), ...ids(10)];
    const outcome = await networkInterfaceReader(new EC2Client({})).readNetworkInterfaces(requested);
    expect(ec2).toHaveReceivedCommandTimes(DescribeNetworkInterfacesCommand, 3);
    const described = "documents" in outcome ? outcome.documents : [];
    expect(
      described.map((document) => (document as { NetworkInterfaceId: string }).NetworkInterfaceId),
    ).toEqual(ids(180));
    if (modelsAvailable()) {
      for (const call of ec2.commandCalls(DescribeNetworkInterfacesCommand)) {
        expect(validateRequest("ec2", "DescribeNetworkInterfaces", call.args[0].input)).toEqual([]);
      }
    }
  });

  it("follows EC2's pages", async () => {
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .resolvesOnce({ NetworkInterfaces: [describedInterface("eni-1", "10.0.0.1")], NextToken: "page-2" })
      .resolves({ NetworkInterfaces: [describedInterface("eni-2", "10.0.0.2")] });
    const outcome = await networkInterfaceReader(new EC2Client({})).readNetworkInterfaces(["eni-1", "eni-2"]);
    expect("documents" in outcome && outcome.documents).toHaveLength(2);
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)[1]?.args[0].input.NextToken).toBe("page-2");
  });

  it("skips with the reason when EC2 denies the call, which no retry would change", async () => {
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .rejects(Object.assign(new Error("You are not authorized"), { name: "UnauthorizedOperation" }));
    expect(await networkInterfaceReader(new EC2Client({})).readNetworkInterfaces(["eni-1"])).toEqual({
      skipped: "EC2 denies the guardrail describing network interfaces (UnauthorizedOperation)",
    });
  });

  it("lets any other failure through, so the batch is retried", async () => {
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .rejects(Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded" }));
    await expect(networkInterfaceReader(new EC2Client({})).readNetworkInterfaces(["eni-1"])).rejects.toThrow(
      "Request limit exceeded.",
    );
  });
});
