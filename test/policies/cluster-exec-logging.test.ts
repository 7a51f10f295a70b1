import { clusterFromApi } from "../../shared/model/cluster.ts";
import type { Cluster } from "../../shared/model/types.ts";
import clusterExecLogging from "../../shared/policies/cluster-exec-logging.ts";
import { intrinsic } from "../helpers/builders.ts";
import { policyTester } from "../helpers/policy-tester.ts";
import { sampleCloudFormationResource } from "../helpers/samples.ts";
import { fromSamples, readSharedJson } from "../helpers/shared-data.ts";

const EXEC = "/configuration/executeCommandConfiguration";

const withExec = (executeCommandConfiguration: unknown) =>
  clusterFromApi({ clusterName: "prod", configuration: { executeCommandConfiguration } });

function templateCluster(file: string, logicalId: string): Cluster {
  const { resource } = sampleCloudFormationResource(file, logicalId);
  if (resource.kind !== "Cluster") throw new Error(`${file} has no cluster ${logicalId}`);
  return resource;
}

function documentedCluster(): Cluster {
  const { examples } = readSharedJson("aws-models/ecs_2014-11-13_examples-1.json") as {
    examples: { CreateCluster: { output: { cluster: unknown } }[] };
  };
  return clusterFromApi(examples.CreateCluster[0]?.output.cluster);
}

policyTester.run(clusterExecLogging, {
  valid: [
    {
      name: "no configuration: DEFAULT, the containers' awslogs",
      resource: clusterFromApi({ clusterName: "prod" }),
    },
    { name: "logging DEFAULT", resource: withExec({ logging: "DEFAULT" }) },
    {
      name: "OVERRIDE to a CloudWatch log group",
      resource: withExec({ logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec" } }),
    },
    {
      name: "OVERRIDE to an S3 bucket",
      resource: withExec({ logging: "OVERRIDE", logConfiguration: { s3BucketName: "exec-audit" } }),
    },
    {
      name: "OVERRIDE to a log group the template references",
      resource: withExec({
        logging: "OVERRIDE",
        logConfiguration: {
          cloudWatchLogGroupName: intrinsic(`${EXEC}/logConfiguration/cloudWatchLogGroupName`),
          s3BucketName: "exec-audit",
        },
      }),
    },
    ...fromSamples("real sample cases", () => [
      {
        name: "Prowler's cluster template without a configuration (real sample)",
        resource: templateCluster("prowler-cloud__prowler__CF-Prowler-ECS.yml", "ProwlerECSCluster"),
      },
      { name: "documented CreateCluster example (real sample)", resource: documentedCluster() },
    ]),
  ],
  invalid: [
    {
      name: "logging NONE",
      resource: withExec({ logging: "NONE" }),
      violations: [{ messageId: "notLogged", path: `${EXEC}/logging`, data: { value: "NONE" } }],
    },
    {
      name: "a logging value ECS does not know",
      resource: withExec({ logging: "none" }),
      violations: [{ messageId: "notLogged", path: `${EXEC}/logging`, data: { value: "none" } }],
    },
    {
      name: "OVERRIDE without a log configuration",
      resource: withExec({ logging: "OVERRIDE", kmsKeyId: "alias/exec" }),
      violations: [{ messageId: "noDestination", path: `${EXEC}/logConfiguration` }],
    },
    {
      name: "OVERRIDE with only encryption flags and empty names",
      resource: withExec({
        logging: "OVERRIDE",
        logConfiguration: { cloudWatchLogGroupName: "", cloudWatchEncryptionEnabled: true },
      }),
      violations: [{ messageId: "noDestination", path: `${EXEC}/logConfiguration` }],
    },
  ],
  unknown: [
    {
      name: "logging from an unresolved intrinsic",
      resource: withExec({ logging: intrinsic(`${EXEC}/logging`) }),
      observations: [{ messageId: "unresolved", path: `${EXEC}/logging` }],
    },
    {
      name: "OVERRIDE to a log group the input cannot resolve, and no bucket",
      resource: withExec({
        logging: "OVERRIDE",
        logConfiguration: {
          cloudWatchLogGroupName: intrinsic(`${EXEC}/logConfiguration/cloudWatchLogGroupName`),
        },
      }),
      observations: [{ messageId: "unresolved", path: `${EXEC}/logConfiguration/cloudWatchLogGroupName` }],
    },
    {
      name: "log configuration from an unresolved intrinsic",
      resource: withExec({ logging: "OVERRIDE", logConfiguration: intrinsic(`${EXEC}/logConfiguration`) }),
      observations: [{ messageId: "unresolved", path: `${EXEC}/logConfiguration` }],
    },
    {
      name: "exec configuration from an unresolved intrinsic",
      resource: withExec(intrinsic(EXEC)),
      observations: [{ messageId: "unresolved", path: EXEC }],
    },
    {
      name: "configuration from an unresolved intrinsic",
      resource: clusterFromApi({ clusterName: "prod", configuration: intrinsic("/configuration") }),
      observations: [{ messageId: "unresolved", path: "/configuration" }],
    },
  ],
});
