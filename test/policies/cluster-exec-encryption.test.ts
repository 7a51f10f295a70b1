import { clusterFromApi } from "../../shared/model/cluster.ts";
import type { Cluster } from "../../shared/model/types.ts";
import clusterExecEncryption from "../../shared/policies/cluster-exec-encryption.ts";
import { intrinsic } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const EXEC = "/configuration/executeCommandConfiguration";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

const withExec = (executeCommandConfiguration: unknown) =>
  clusterFromApi({ clusterName: "prod", configuration: { executeCommandConfiguration } });

const overrideTo = (logConfiguration: Record<string, unknown>) =>
  withExec({ kmsKeyId: KEY, logging: "OVERRIDE", logConfiguration });

function templateCluster(file: string, logicalId: string): Cluster {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Cluster") throw new Error(`${file} has no cluster ${logicalId}`);
  return resource;
}

function documentedCreateCluster(): Cluster {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { CreateCluster: { input: unknown }[] };
  };
  return clusterFromApi(examples.CreateCluster[0]?.input);
}

policyTester.run(clusterExecEncryption, {
  valid: [
    { name: "a session key, default logging", resource: withExec({ kmsKeyId: KEY }) },
    {
      name: "a session key, encrypted CloudWatch logs",
      resource: overrideTo({ cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: true }),
    },
    {
      name: "a session key, encrypted CloudWatch and S3 logs",
      resource: overrideTo({
        cloudWatchLogGroupName: "/ecs/exec",
        cloudWatchEncryptionEnabled: true,
        s3BucketName: "exec-audit",
        s3EncryptionEnabled: "true",
      }),
    },
    {
      name: "an encryption flag without its destination is not needed",
      resource: overrideTo({
        s3BucketName: "exec-audit",
        s3EncryptionEnabled: true,
        cloudWatchEncryptionEnabled: false,
      }),
    },
    {
      name: "flags are not read unless logging is OVERRIDE",
      resource: withExec({
        kmsKeyId: KEY,
        logging: "DEFAULT",
        logConfiguration: { s3BucketName: "exec-audit" },
      }),
    },
  ],
  invalid: [
    {
      name: "no configuration: no session key",
      resource: clusterFromApi({ clusterName: "prod" }),
      violations: [{ messageId: "noSessionKey", path: `${EXEC}/kmsKeyId` }],
    },
    {
      name: "logging configured without a session key",
      resource: withExec({ logging: "DEFAULT" }),
      violations: [{ messageId: "noSessionKey", path: `${EXEC}/kmsKeyId` }],
    },
    {
      name: "CloudWatch logs without encryption",
      resource: overrideTo({ cloudWatchLogGroupName: "/ecs/exec" }),
      violations: [
        {
          messageId: "logGroupUnencrypted",
          path: `${EXEC}/logConfiguration/cloudWatchEncryptionEnabled`,
          data: { destination: "/ecs/exec" },
        },
      ],
    },
    {
      name: "S3 logs with encryption off, and no session key",
      resource: withExec({
        logging: "OVERRIDE",
        logConfiguration: { s3BucketName: "exec-audit", s3EncryptionEnabled: false },
      }),
      violations: [
        { messageId: "noSessionKey", path: `${EXEC}/kmsKeyId` },
        {
          messageId: "bucketUnencrypted",
          path: `${EXEC}/logConfiguration/s3EncryptionEnabled`,
          data: { destination: "exec-audit" },
        },
      ],
    },
    {
      name: "a log group the template references, without encryption",
      resource: overrideTo({
        cloudWatchLogGroupName: intrinsic(`${EXEC}/logConfiguration/cloudWatchLogGroupName`),
      }),
      violations: [
        {
          messageId: "logGroupUnencrypted",
          path: `${EXEC}/logConfiguration/cloudWatchEncryptionEnabled`,
          data: { destination: "(named by an unresolved value)" },
        },
      ],
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "ECS schedule example cluster without a configuration (real sample)",
        resource: templateCluster(
          "aws-cloudformation__aws-cloudformation-templates__ECS_Schedule_Example.yaml",
          "ECSCluster",
        ),
        violations: [{ messageId: "noSessionKey" as const, path: `${EXEC}/kmsKeyId` }],
      },
      {
        name: "documented CreateCluster example (real sample)",
        resource: documentedCreateCluster(),
        violations: [{ messageId: "noSessionKey" as const, path: `${EXEC}/kmsKeyId` }],
      },
    ]),
  ],
  unknown: [
    {
      name: "session key from an unresolved intrinsic",
      resource: withExec({ kmsKeyId: intrinsic(`${EXEC}/kmsKeyId`) }),
      observations: [{ messageId: "unresolved", path: `${EXEC}/kmsKeyId` }],
    },
    {
      name: "encryption flag from an unresolved intrinsic",
      resource: overrideTo({
        s3BucketName: "exec-audit",
        s3EncryptionEnabled: intrinsic(`${EXEC}/logConfiguration/s3EncryptionEnabled`),
      }),
      observations: [{ messageId: "unresolved", path: `${EXEC}/logConfiguration/s3EncryptionEnabled` }],
    },
    {
      name: "logging mode from an unresolved intrinsic",
      resource: withExec({ kmsKeyId: KEY, logging: intrinsic(`${EXEC}/logging`) }),
      observations: [{ messageId: "unresolved", path: `${EXEC}/logging` }],
    },
    {
      name: "exec configuration from an unresolved intrinsic",
      resource: withExec(intrinsic(EXEC)),
      observations: [{ messageId: "unresolved", path: EXEC }],
    },
  ],
});
