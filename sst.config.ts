/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input.stage === "production";
    return {
      name: "ecs-guardrails",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { Guardrails } = await import("./stacks/guardrails.ts");
    const { guardrailsConfigFor } = await import("./stacks/config-file.ts");
    const [identity, region, partition] = await Promise.all([
      aws.getCallerIdentity({}),
      aws.getRegion({}),
      aws.getPartition({}),
    ]);
    return Guardrails({
      account: identity.accountId,
      region: region.region,
      partition: partition.partition,
      logRetention: $app.stage === "production" ? "1 year" : "1 month",
      // A stage may use its own file: `ECS_GUARDRAILS_CONFIG=prod.config.json sst deploy --stage production`.
      guardrailsConfig: guardrailsConfigFor(
        process.env.ECS_GUARDRAILS_CONFIG ?? "ecs-guardrails.config.json",
      ),
    });
  },
});
