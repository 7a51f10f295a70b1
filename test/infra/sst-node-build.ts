import type * as esbuild from "esbuild";

/** SST's banner: ESM bundles still get `require` for the CommonJS code inside them. */
export const REQUIRE_BANNER =
  "import { createRequire as topLevelCreateRequire } from 'module';\n" +
  "const require = topLevelCreateRequire(import.meta.url);";

/**
 * The esbuild options SST 4.17.1's Node build (pkg/runtime/node/build.go) gives a handler, as far as the deployed
 * bundle depends on them: the infrastructure harness builds with them, and so does the cold-start benchmark, so
 * what it measures is what the stack deploys.
 */
export function sstNodeBuildOptions(runtime: string, minify: boolean): esbuild.BuildOptions {
  return {
    bundle: true,
    platform: "node",
    format: "esm",
    target: runtime === "nodejs24.x" ? "es2024" : "es2023",
    sourcemap: "linked",
    keepNames: true,
    minify,
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native"],
    banner: { js: REQUIRE_BANNER },
    logLevel: "silent",
  };
}
