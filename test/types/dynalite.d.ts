// dynalite ships no types: what the tests use of it.
declare module "dynalite" {
  import type { Server } from "node:http";

  interface DynaliteOptions {
    /** A LevelDB directory; without it, the tables live in memory. */
    readonly path?: string;
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
