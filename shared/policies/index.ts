import type { Policy } from "./define-policy.ts";
import noHostNetworkMode from "./no-host-network-mode.ts";
import noHostPidMode from "./no-host-pid-mode.ts";
import noInstanceMetadataAccess from "./no-instance-metadata-access.ts";
import noPrivilegedContainers from "./no-privileged-containers.ts";
import noRootUser from "./no-root-user.ts";
import noServicePublicIp from "./no-service-public-ip.ts";
import noTaskPublicIp from "./no-task-public-ip.ts";
import noTaskSetPublicIp from "./no-task-set-public-ip.ts";
import noWindowsAdminUser from "./no-windows-admin-user.ts";

/** The registry: every policy, explicitly, sorted by id (test/policies/registry.test.ts guards it). */
export const policies: readonly Policy[] = [
  noHostNetworkMode,
  noHostPidMode,
  noInstanceMetadataAccess,
  noPrivilegedContainers,
  noRootUser,
  noServicePublicIp,
  noTaskPublicIp,
  noTaskSetPublicIp,
  noWindowsAdminUser,
];
