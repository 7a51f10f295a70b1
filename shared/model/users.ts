/**
 * Whether a Linux `user` value runs the container as root. Only the user part before `:` decides
 * (`0:0` and `root:wheel` are root, `1000:0` is not), as AWS's Control Tower guard rules read it;
 * an empty user part means the image's default user, which is root unless the image says otherwise.
 */
export function isLinuxRootUser(user: string): boolean {
  const userPart = user.split(":", 1)[0]?.trim() ?? "";
  return userPart === "" || userPart === "root" || userPart === "0";
}

/** Whether a Windows `user` value is the container administrator (Windows user names ignore case). */
export function isWindowsAdministrator(user: string): boolean {
  return user.trim().toLowerCase() === "containeradministrator";
}
