import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // End-to-end tests spawn several `duban` processes in a row; on a busy 2-core machine each
    // takes seconds to start. Only a failing test ever waits this long.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // PGlite instances are large; a couple of workers keep memory and CPU sane on 2 cores.
    maxWorkers: 2,
    globalSetup: ["tests/global-setup.ts"],
  },
});
