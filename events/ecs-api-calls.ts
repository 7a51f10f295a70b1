/**
 * The ECS API calls the api-calls route evaluates: what creates or changes judged resources, account settings and
 * tags included, and what deletes them (their findings are archived).
 */
export const ecsApiCallNames = [
  "RegisterTaskDefinition",
  "CreateService",
  "UpdateService",
  "CreateTaskSet",
  "RunTask",
  "StartTask",
  "CreateCluster",
  "UpdateCluster",
  "UpdateClusterSettings",
  "PutClusterCapacityProviders",
  "CreateCapacityProvider",
  "UpdateCapacityProvider",
  "PutAccountSetting",
  "PutAccountSettingDefault",
  "TagResource",
  "UntagResource",
  "DeregisterTaskDefinition",
  "DeleteTaskDefinitions",
  "DeleteService",
  "DeleteTaskSet",
  "DeleteCluster",
  "DeleteCapacityProvider",
  "DeleteAccountSetting",
] as const;

export type EcsApiCallName = (typeof ecsApiCallNames)[number];
