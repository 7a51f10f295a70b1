/**
 * The ECS API calls the api-calls route evaluates: what creates or changes judged resources, account settings and
 * tags included.
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
] as const;

export type EcsApiCallName = (typeof ecsApiCallNames)[number];
