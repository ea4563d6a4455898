import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are large; a couple of workers keep memory and CPU sane on 2 cores.
    maxWorkers: 2,
    globalSetup: ["tests/global-setup.ts"],
  },
});
