import accountContainerInsightsDefault from "./account-container-insights-default.ts";
import accountEniTrunking from "./account-eni-trunking.ts";
import accountFargateFipsMode from "./account-fargate-fips-mode.ts";
import accountLongArnFormat from "./account-long-arn-format.ts";
import accountTagResourceAuthorization from "./account-tag-resource-authorization.ts";
import allowedImageRegistries from "./allowed-image-registries.ts";
import awsvpcNetworkMode from "./awsvpc-network-mode.ts";
import capacityProviderManagedScaling from "./capacity-provider-managed-scaling.ts";
import capacityProviderTerminationProtection from "./capacity-provider-termination-protection.ts";
import cloudMapTaskLimit from "./cloud-map-task-limit.ts";
import clusterContainerInsights from "./cluster-container-insights.ts";
import clusterExecEncryption from "./cluster-exec-encryption.ts";
import clusterExecLogging from "./cluster-exec-logging.ts";
import clusterFargateEphemeralStorageKey from "./cluster-fargate-ephemeral-storage-key.ts";
import clusterTagged from "./cluster-tagged.ts";
import containerInstanceAgentConnected from "./container-instance-agent-connected.ts";
import containerInstanceAgentVersion from "./container-instance-agent-version.ts";
import containerInstanceAwsvpcImdsBlocked from "./container-instance-awsvpc-imds-blocked.ts";
import containerInstanceImdsHardened from "./container-instance-imds-hardened.ts";
import containerInstancePrivilegedDisabled from "./container-instance-privileged-disabled.ts";
import containerLoggingConfigured from "./container-logging-configured.ts";
import containerMemoryLimit from "./container-memory-limit.ts";
import type { Policy } from "./define-policy.ts";
import deploymentCircuitBreaker from "./deployment-circuit-breaker.ts";
import deploymentConfiguration from "./deployment-configuration.ts";
import dropDefaultCapabilities from "./drop-default-capabilities.ts";
import ecsDependencyThrottling from "./ecs-dependency-throttling.ts";
import efsAccessPoint from "./efs-access-point.ts";
import efsIamAuthorization from "./efs-iam-authorization.ts";
import efsTransitEncryption from "./efs-transit-encryption.ts";
import executionRoleForSecrets from "./execution-role-for-secrets.ts";
import fargatePlatformVersionLatest from "./fargate-platform-version-latest.ts";
import firelensOrdering from "./firelens-ordering.ts";
import healthCheckDefined from "./health-check-defined.ts";
import imagePinnedByDigest from "./image-pinned-by-digest.ts";
import initProcessEnabled from "./init-process-enabled.ts";
import noAwsCredentialsInEnvironment from "./no-aws-credentials-in-environment.ts";
import noContainerInstancePublicIp from "./no-container-instance-public-ip.ts";
import noDangerousCapabilities from "./no-dangerous-capabilities.ts";
import noDockerHubImages from "./no-docker-hub-images.ts";
import noEnvironmentFiles from "./no-environment-files.ts";
import noFargateUnsupportedSettings from "./no-fargate-unsupported-settings.ts";
import noHostDevices from "./no-host-devices.ts";
import noHostIpcMode from "./no-host-ipc-mode.ts";
import noHostNetworkMode from "./no-host-network-mode.ts";
import noHostNetworkRootUser from "./no-host-network-root-user.ts";
import noHostPathVolumes from "./no-host-path-volumes.ts";
import noHostPidMode from "./no-host-pid-mode.ts";
import noInstanceMetadataAccess from "./no-instance-metadata-access.ts";
import noLatestImageTag from "./no-latest-image-tag.ts";
import noNewPrivileges from "./no-new-privileges.ts";
import noPlaintextLogSecrets from "./no-plaintext-log-secrets.ts";
import noPrivilegedContainers from "./no-privileged-containers.ts";
import noRootUser from "./no-root-user.ts";
import noSecretsInEnvironmentValues from "./no-secrets-in-environment-values.ts";
import noSensitiveHostMounts from "./no-sensitive-host-mounts.ts";
import noServicePublicIp from "./no-service-public-ip.ts";
import noStaticHostPorts from "./no-static-host-ports.ts";
import noSysPtrace from "./no-sys-ptrace.ts";
import noTaskPublicIp from "./no-task-public-ip.ts";
import noTaskSetPublicIp from "./no-task-set-public-ip.ts";
import noWeakenedSecurityOptions from "./no-weakened-security-options.ts";
import noWindowsAdminUser from "./no-windows-admin-user.ts";
import privateRegistryCredentials from "./private-registry-credentials.ts";
import readOnlyRootFilesystem from "./read-only-root-filesystem.ts";
import remoteLogDriver from "./remote-log-driver.ts";
import runningTaskDefinitionActive from "./running-task-definition-active.ts";
import runningTaskDefinitionCompliant from "./running-task-definition-compliant.ts";
import runningTaskPublicIp from "./running-task-public-ip.ts";
import secretsFromApprovedStores from "./secrets-from-approved-stores.ts";
import serviceCapacityProviderStrategy from "./service-capacity-provider-strategy.ts";
import serviceDeploymentSucceeds from "./service-deployment-succeeds.ts";
import serviceExecDisabled from "./service-exec-disabled.ts";
import serviceManagedTags from "./service-managed-tags.ts";
import serviceNotSpotOnly from "./service-not-spot-only.ts";
import serviceOperationsNotThrottled from "./service-operations-not-throttled.ts";
import serviceRedundancy from "./service-redundancy.ts";
import serviceSecurityGroups from "./service-security-groups.ts";
import serviceSizeLimit from "./service-size-limit.ts";
import serviceTagged from "./service-tagged.ts";
import serviceTaskConfigurationSucceeds from "./service-task-configuration-succeeds.ts";
import serviceTaskPlacementSucceeds from "./service-task-placement-succeeds.ts";
import serviceTasksHealthy from "./service-tasks-healthy.ts";
import serviceTasksStart from "./service-tasks-start.ts";
import stopTimeout from "./stop-timeout.ts";
import taskCpuLimit from "./task-cpu-limit.ts";
import taskDefinitionTagged from "./task-definition-tagged.ts";
import taskExecDisabled from "./task-exec-disabled.ts";
import taskFargatePlatformVersion from "./task-fargate-platform-version.ts";
import taskManagedTags from "./task-managed-tags.ts";
import taskRoleDefined from "./task-role-defined.ts";
import taskRoleLeastPrivilege from "./task-role-least-privilege.ts";
import taskRoleNotExecutionRole from "./task-role-not-execution-role.ts";
import taskSecurityGroups from "./task-security-groups.ts";
import taskSetFargatePlatformVersion from "./task-set-fargate-platform-version.ts";
import taskSetSecurityGroups from "./task-set-security-groups.ts";
import taskStartedByPerson from "./task-started-by-person.ts";

/** The registry: every policy, explicitly, sorted by id (test/policies/registry.test.ts guards it). */
export const policies: readonly Policy[] = [
  accountContainerInsightsDefault,
  accountEniTrunking,
  accountFargateFipsMode,
  accountLongArnFormat,
  accountTagResourceAuthorization,
  allowedImageRegistries,
  awsvpcNetworkMode,
  capacityProviderManagedScaling,
  capacityProviderTerminationProtection,
  cloudMapTaskLimit,
  clusterContainerInsights,
  clusterExecEncryption,
  clusterExecLogging,
  clusterFargateEphemeralStorageKey,
  clusterTagged,
  containerInstanceAgentConnected,
  containerInstanceAgentVersion,
  containerInstanceAwsvpcImdsBlocked,
  containerInstanceImdsHardened,
  containerInstancePrivilegedDisabled,
  containerLoggingConfigured,
  containerMemoryLimit,
  deploymentCircuitBreaker,
  deploymentConfiguration,
  dropDefaultCapabilities,
  ecsDependencyThrottling,
  efsAccessPoint,
  efsIamAuthorization,
  efsTransitEncryption,
  executionRoleForSecrets,
  fargatePlatformVersionLatest,
  firelensOrdering,
  healthCheckDefined,
  imagePinnedByDigest,
  initProcessEnabled,
  noAwsCredentialsInEnvironment,
  noContainerInstancePublicIp,
  noDangerousCapabilities,
  noDockerHubImages,
  noEnvironmentFiles,
  noFargateUnsupportedSettings,
  noHostDevices,
  noHostIpcMode,
  noHostNetworkMode,
  noHostNetworkRootUser,
  noHostPathVolumes,
  noHostPidMode,
  noInstanceMetadataAccess,
  noLatestImageTag,
  noNewPrivileges,
  noPlaintextLogSecrets,
  noPrivilegedContainers,
  noRootUser,
  noSecretsInEnvironmentValues,
  noSensitiveHostMounts,
  noServicePublicIp,
  noStaticHostPorts,
  noSysPtrace,
  noTaskPublicIp,
  noTaskSetPublicIp,
  noWeakenedSecurityOptions,
  noWindowsAdminUser,
  privateRegistryCredentials,
  readOnlyRootFilesystem,
  remoteLogDriver,
  runningTaskDefinitionActive,
  runningTaskDefinitionCompliant,
  runningTaskPublicIp,
  secretsFromApprovedStores,
  serviceCapacityProviderStrategy,
  serviceDeploymentSucceeds,
  serviceExecDisabled,
  serviceManagedTags,
  serviceNotSpotOnly,
  serviceOperationsNotThrottled,
  serviceRedundancy,
  serviceSecurityGroups,
  serviceSizeLimit,
  serviceTagged,
  serviceTaskConfigurationSucceeds,
  serviceTaskPlacementSucceeds,
  serviceTasksHealthy,
  serviceTasksStart,
  stopTimeout,
  taskCpuLimit,
  taskDefinitionTagged,
  taskExecDisabled,
  taskFargatePlatformVersion,
  taskManagedTags,
  taskRoleDefined,
  taskRoleLeastPrivilege,
  taskRoleNotExecutionRole,
  taskSecurityGroups,
  taskSetFargatePlatformVersion,
  taskSetSecurityGroups,
  taskStartedByPerson,
];
