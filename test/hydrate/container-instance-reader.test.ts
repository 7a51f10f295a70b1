import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { containerInstanceReader } from "../../shared/hydrate/container-instance-reader.ts";

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const reader = () =>
  containerInstanceReader(new EC2Client({ region: "eu-west-1" }), new ECSClient({ region: "eu-west-1" }));

const CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments";
const INSTANCE =
  "arn:aws:ecs:eu-west-1:123456789012:container-instance/payments/7c1e4f2a9b3d4e5f8a6b0c1d2e3f4a5b";
const taskArn = (index: number) => `arn:aws:ecs:eu-west-1:123456789012:task/payments/${index}`;

beforeEach(() => {
  ec2.reset();
  ecs.reset();
});

describe("containerInstanceReader", () => {
  describe("readEc2Instance", () => {
    it("describes the instance once a batch", async () => {
      ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          { Instances: [{ InstanceId: "i-0a1b2c3d4e5f60718", PublicIpAddress: "203.0.113.25" }] },
        ],
      });
      const batch = reader();
      const [first, second] = await Promise.all([
        batch.readEc2Instance("i-0a1b2c3d4e5f60718"),
        batch.readEc2Instance("i-0a1b2c3d4e5f60718"),
      ]);
      expect(first).toEqual({
        documents: [{ InstanceId: "i-0a1b2c3d4e5f60718", PublicIpAddress: "203.0.113.25" }],
      });
      expect(second).toBe(first);
      expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
      expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, {
        InstanceIds: ["i-0a1b2c3d4e5f60718"],
      });
    });

    it("answers no document for an instance EC2 no longer knows", async () => {
      ec2
        .on(DescribeInstancesCommand)
        .rejects(Object.assign(new Error("does not exist"), { name: "InvalidInstanceID.NotFound" }));
      expect(await reader().readEc2Instance("i-0a1b2c3d4e5f60718")).toEqual({ documents: [] });
    });

    it("rejects on any other error, and reads again after a failure", async () => {
      ec2
        .on(DescribeInstancesCommand)
        .rejectsOnce(Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded" }))
        .resolves({ Reservations: [] });
      const batch = reader();
      await expect(batch.readEc2Instance("i-0a1b2c3d4e5f60718")).rejects.toThrow("Request limit exceeded.");
      expect(await batch.readEc2Instance("i-0a1b2c3d4e5f60718")).toEqual({ documents: [] });
    });
  });

  describe("readContainerInstanceTasks", () => {
    it("lists every page of the instance's tasks and describes each page", async () => {
      // Prepare: 150 tasks, in pages of 100 and 50.
      const arns = Array.from({ length: 150 }, (_, index) => taskArn(index));
      ecs
        .on(ListTasksCommand)
        .callsFake(({ nextToken }: { nextToken?: string }) =>
          nextToken === undefined
            ? { taskArns: arns.slice(0, 100), nextToken: "page-2" }
            : { taskArns: arns.slice(100) },
        );
      ecs.on(DescribeTasksCommand).callsFake(({ tasks }: { tasks: string[] }) => ({
        tasks: tasks.map((arn) => ({ taskArn: arn })),
        failures: [],
      }));

      // Act
      const outcome = await reader().readContainerInstanceTasks(CLUSTER, INSTANCE);

      // Assess
      expect(outcome).toEqual({ documents: arns.map((arn) => ({ taskArn: arn })) });
      expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, {
        cluster: CLUSTER,
        containerInstance: INSTANCE,
        maxResults: 100,
      });
      expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, { nextToken: "page-2" });
      expect(ecs).toHaveReceivedCommandTimes(DescribeTasksCommand, 2);
    });

    it("describes nothing for an instance without tasks, and lists them once a batch", async () => {
      ecs.on(ListTasksCommand).resolves({ taskArns: [] });
      const batch = reader();
      expect(await batch.readContainerInstanceTasks(CLUSTER, INSTANCE)).toEqual({ documents: [] });
      expect(await batch.readContainerInstanceTasks(CLUSTER, INSTANCE)).toEqual({ documents: [] });
      expect(ecs).toHaveReceivedCommandTimes(ListTasksCommand, 1);
      expect(ecs).not.toHaveReceivedCommand(DescribeTasksCommand);
    });

    it("leaves out a task that stopped since it was listed", async () => {
      ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn(1), taskArn(2)] });
      ecs.on(DescribeTasksCommand).resolves({
        tasks: [{ taskArn: taskArn(1) }],
        failures: [{ arn: taskArn(2), reason: "MISSING" }],
      });
      expect(await reader().readContainerInstanceTasks(CLUSTER, INSTANCE)).toEqual({
        documents: [{ taskArn: taskArn(1) }],
      });
    });
  });
});
