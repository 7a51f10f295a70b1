import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report gives .ci/run the totals it prints; vitest's own summary is not read.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/report.json" },
  },
});
