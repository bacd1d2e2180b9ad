import { defineConfig } from "vitest/config";

// .ci/run sets JUDGELOOP_TEST_RESULTS so it can print "N passed, N failed" from the JSON report.
const resultsFile = process.env.JUDGELOOP_TEST_RESULTS;

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "tests/**/*.test.ts",
      "functions/**/*.test.ts",
      "stacks/**/*.test.ts",
      "bench/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    // Spawned `judgeloop` runs the built bundle: rebuilt here so it matches the sources.
    globalSetup: ["tests/support/build-cli.global.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: resultsFile ? ["default", ["json", { outputFile: resultsFile }]] : ["default"],
  },
});
