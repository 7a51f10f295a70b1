import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/engine/evaluate.ts";
import { asffResourceType, resourceDetails } from "../../shared/findings/details.ts";
import { type FindingContext, toArchivedFinding, toAsffFinding } from "../../shared/findings/to-asff.ts";
import {
  type ContainerInstanceDocument,
  containerInstanceFromApi,
} from "../../shared/model/container-instance.ts";
import containerInstanceAgentVersion from "../../shared/policies/container-instance-agent-version.ts";
import { modelsAvailable, validateBatchImportFindings } from "../helpers/aws-model.ts";
import { ACCOUNT, REGION } from "../helpers/builders.ts";
import { containerInstanceDetail, ec2Instance } from "../helpers/container-instances.ts";
import { sampleEvent } from "../helpers/samples.ts";

const CONTEXT: FindingContext = {
  partition: "aws",
  region: REGION,
  account: ACCOUNT,
  observedAt: "2026-11-24T10:15:03Z",
};
const EC2_INSTANCE_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0a1b2c3d4e5f60718`;
const external = sampleEvent("container-instance-state-changes/external-instance") as { detail: object };
const EXTERNAL_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/edge/4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e`;

/** An EC2 instance as the SDK returns it: LaunchTime a Date, the profile and addresses where ASFF flattens them. */
const described = ec2Instance({
  PublicIpAddress: "203.0.113.25",
  KeyName: "ops",
  VirtualizationType: "hvm",
  LaunchTime: new Date("2026-11-24T10:11:58.000Z"),
  IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/ecsInstanceRole`, Id: "AIPA0EXAMPLE" },
  NetworkInterfaces: [{ NetworkInterfaceId: "eni-0a1b2c3d4e5f60718", Status: "in-use" }],
  Monitoring: { State: "disabled" },
});

function finding(document: ContainerInstanceDocument, resourceId: string) {
  const verdict = evaluatePolicy(
    containerInstanceAgentVersion,
    containerInstanceFromApi(document.containerInstance),
  );
  return toAsffFinding(verdict, { resourceId, document }, CONTEXT);
}

describe("container instance findings", () => {
  it("describe an EC2 container instance as the AwsEc2Instance DescribeInstances shows", () => {
    // Prepare
    const document = { containerInstance: containerInstanceDetail(), ec2Instance: described };

    // Act
    const resources = finding(document, EC2_INSTANCE_ARN)?.Resources;

    // Assess
    expect(resources).toEqual([
      {
        Type: "AwsEc2Instance",
        Id: EC2_INSTANCE_ARN,
        Partition: "aws",
        Region: REGION,
        Details: {
          AwsEc2Instance: {
            Type: "m6i.large",
            ImageId: "ami-0c1d2e3f4a5b6c7d8",
            IpV4Addresses: ["10.0.12.34", "203.0.113.25"],
            KeyName: "ops",
            IamInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/ecsInstanceRole`,
            VpcId: "vpc-0a1b2c3d",
            SubnetId: "subnet-0a1b2c3d",
            LaunchedAt: "2026-11-24T10:11:58.000Z",
            NetworkInterfaces: [{ NetworkInterfaceId: "eni-0a1b2c3d4e5f60718" }],
            VirtualizationType: "hvm",
            MetadataOptions: {
              HttpEndpoint: "enabled",
              HttpProtocolIpv6: "disabled",
              HttpPutResponseHopLimit: 1,
              HttpTokens: "required",
              InstanceMetadataTags: "disabled",
            },
            Monitoring: { State: "disabled" },
          },
        },
      },
    ]);
  });

  it("keep a launch time written as text (replay, recorded responses)", () => {
    const details = resourceDetails("ContainerInstance", {
      containerInstance: containerInstanceDetail(),
      ec2Instance: { LaunchTime: "2026-11-24T10:11:58Z" },
    });
    expect(details).toEqual({ AwsEc2Instance: { LaunchedAt: "2026-11-24T10:11:58Z" } });
  });

  it("name an EC2 instance that was not read by its ARN alone, without Details", () => {
    const resources = finding(
      { containerInstance: containerInstanceDetail(), ec2Instance: undefined },
      EC2_INSTANCE_ARN,
    )?.Resources;
    expect(resources).toEqual([
      { Type: "AwsEc2Instance", Id: EC2_INSTANCE_ARN, Partition: "aws", Region: REGION },
    ]);
  });

  it("describe an external (ECS Anywhere) instance as Other, from the event", () => {
    // Prepare
    const document = { containerInstance: external.detail, ec2Instance: undefined };

    // Act
    const resources = finding(document, EXTERNAL_ARN)?.Resources;

    // Assess
    expect(resources).toEqual([
      {
        Type: "Other",
        Id: EXTERNAL_ARN,
        Partition: "aws",
        Region: REGION,
        Details: {
          Other: {
            ContainerInstanceArn: EXTERNAL_ARN,
            Cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/edge`,
            Status: "ACTIVE",
            AgentConnected: "true",
            "VersionInfo.AgentVersion": "1.89.2",
          },
        },
      },
    ]);
  });

  it.each([
    ["an EC2 instance id", containerInstanceDetail(), "AwsEc2Instance"],
    ["no EC2 instance id", containerInstanceDetail({ ec2InstanceId: undefined }), "Other"],
    ["an empty EC2 instance id", containerInstanceDetail({ ec2InstanceId: "" }), "Other"],
  ])("type a container instance with %s as %s", (_, containerInstance, type) => {
    expect(asffResourceType("ContainerInstance", { containerInstance, ec2Instance: undefined })).toBe(type);
  });

  it("archive a deregistered instance's finding under the same id and resource", () => {
    // Prepare
    const document = {
      containerInstance: containerInstanceDetail({ status: "INACTIVE" }),
      ec2Instance: undefined,
    };
    const active = finding(
      { containerInstance: containerInstanceDetail(), ec2Instance: undefined },
      EC2_INSTANCE_ARN,
    );

    // Act
    const archived = toArchivedFinding(
      containerInstanceAgentVersion,
      "ContainerInstance",
      { resourceId: EC2_INSTANCE_ARN, document },
      CONTEXT,
      "the container instance is INACTIVE",
    );

    // Assess
    expect(archived).toMatchObject({ Id: active?.Id, RecordState: "ARCHIVED", Resources: active?.Resources });
  });

  describe.skipIf(!modelsAvailable())("against the Security Hub model", () => {
    it.each([
      [
        "an EC2 instance",
        { containerInstance: containerInstanceDetail(), ec2Instance: described },
        EC2_INSTANCE_ARN,
      ],
      ["an external instance", { containerInstance: external.detail, ec2Instance: undefined }, EXTERNAL_ARN],
    ])("accepts the finding of %s", (_, document, resourceId) => {
      const result = finding(document, resourceId);
      expect(validateBatchImportFindings({ Findings: [result] })).toEqual([]);
    });
  });
});
