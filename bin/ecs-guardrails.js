#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping), so the CLI needs no build step.
import { enableCompileCache } from "node:module";

// Node keeps the compiled CLI on disk (under the system's temporary directory): later runs start faster.
// Imported after enabling the cache, which a static import would precede.
enableCompileCache();
const { main } = await import("../cli/main.ts");

process.exitCode = await main(process.argv.slice(2));
