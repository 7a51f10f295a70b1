import { isUnresolved } from "../model/resolvable.ts";
import { definePolicy, undecided, violation } from "./define-policy.ts";
import { eachEfsVolume } from "./utils/efs-volumes.ts";

export default definePolicy({
  id: "efs-access-point",
  title: "ECS tasks mount EFS volumes through an EFS access point",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: [],
  practice: "D3: Mount EFS through access points",
  rationale:
    "An access point fixes the POSIX user and group the task acts as and the directory it sees, whatever the " +
    "container's user. Without one the task mounts the file system's root (or the rootDirectory it asks for) " +
    "with its own UIDs, so on a shared file system it can read and write other applications' files.",
  deviations:
    "Every EFS volume without an access point fails, not only those mounting the root directory (the catalog " +
    "stresses rootDirectory / or empty): rootDirectory is chosen by the task itself and enforces nothing.",
  messages: {
    noAccessPoint:
      'EFS volume "{{volume}}" is mounted without an access point (rootDirectory {{rootDirectory}})',
    noEfsVolumes: "the task definition mounts no EFS volumes",
  },
  remediation: {
    recommendation:
      "Create an EFS access point per application with a POSIX user and a root directory, set " +
      "authorizationConfig.accessPointId (with transitEncryption ENABLED) on the volume, and leave rootDirectory unset.",
    url: "https://docs.aws.amazon.com/efs/latest/ug/efs-access-points.html",
    fixable: false,
  },
  evaluate: ({ volumes }) =>
    eachEfsVolume(volumes, ({ name, path, efs }) => {
      const authorization = efs.authorizationConfig;
      if (isUnresolved(authorization)) return [undecided(authorization)];
      const accessPointId = authorization?.accessPointId;
      if (isUnresolved(accessPointId)) return [undecided(accessPointId)];
      if (accessPointId !== undefined && accessPointId.trim() !== "") return [];
      const root = efs.rootDirectory;
      const rootDirectory = isUnresolved(root)
        ? "unresolved"
        : root === undefined || root === ""
          ? "/"
          : root;
      return [
        violation("noAccessPoint", `${path}/authorizationConfig/accessPointId`, {
          volume: name,
          rootDirectory,
        }),
      ];
    }),
});
