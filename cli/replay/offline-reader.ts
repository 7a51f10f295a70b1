import type { StateReader } from "../../shared/hydrate/state-reader.ts";
import { unreadState } from "../../shared/hydrate/unread-state.ts";

const unread = unreadState("replay makes no AWS calls");

/**
 * Replay has no AWS access: a read is answered from what the event itself says of the resource
 * (e.g. the RegisterTaskDefinition request) where it can be, and skipped otherwise, so a resource
 * that could not be read yields no finding rather than a PASSED one. No event describes a role's
 * policies, an EC2 instance or a network interface, so the policies that need them are UNKNOWN here.
 */
export const offlineReader: StateReader = {
  ...unread,
  async read(request) {
    if (request.fromEvent !== undefined) return { documents: [request.fromEvent] };
    return unread.read(request);
  },
};
