/** Docker accepts capability names in any case, with or without `CAP_` (`cap_sys_admin` is `SYS_ADMIN`). */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper.slice("CAP_".length) : upper;
}

/** Docker's default capabilities that few applications need and attacks often use. */
export const RISKY_DEFAULT_CAPABILITIES: readonly string[] = [
  "NET_RAW",
  "MKNOD",
  "SYS_CHROOT",
  "SETPCAP",
  "SETFCAP",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "AUDIT_WRITE",
];
