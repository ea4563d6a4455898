import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAllDubans, REPO_ROOT, spawnDuban, waitForHealthy } from "../support/run-duban.js";

/*
 * Every other test runs duban's TypeScript source. This one builds it as `npm install` does,
 * into a private directory beside dist/ (the code finds prompts/, prisma/migrations and
 * examples/ from the package root, so the build must sit at that depth), and starts the
 * compiled CLI: it proves the build is complete, assets included, without trusting whatever
 * dist/ a checkout happens to hold.
 */
const TIMEOUT_MS = 180_000;

function build(outDir: string): Promise<string> {
  return new Promise((resolveBuild, rejectBuild) => {
    const child = spawn(process.execPath, ["scripts/build.mjs", "--out-dir", outDir], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("error", rejectBuild);
    child.once("close", (code) => {
      if (code === 0) resolveBuild(output);
      else rejectBuild(new Error(`the build ended with code ${code}:\n${output}`));
    });
  });
}

describe("the compiled build", () => {
  const outDir = join(REPO_ROOT, `.dist-test-${process.pid}`);
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "duban-e2e-compiled-"));
    const output = await build(outDir);
    expect(output).toMatch(/asset files copied/);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await killAllDubans();
    rmSync(outDir, { recursive: true, force: true });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(
    "starts with no tokens on a fresh data directory, serves the try-out page and the dashboard's stylesheet, stops on SIGTERM",
    async () => {
      const duban = spawnDuban(
        ["start"],
        // The try-out chat on (loopback, no tokens) imports the example campaign from examples/.
        { DATA_DIR: join(root, "data"), PORT: "0", DUBAN_TRYOUT: undefined },
        { script: join(outDir, "cli", "main.js") },
      );
      const url = await duban.httpUrl(TIMEOUT_MS);
      await waitForHealthy(`${url}/healthz`, { process: duban, timeoutMs: TIMEOUT_MS });
      await waitForHealthy(`${url}/readyz`, { process: duban, timeoutMs: TIMEOUT_MS });
      expect(duban.output).toMatch(/applied \d+ migrations?:/);
      expect(duban.output).not.toMatch(/DUBAN_NO_BUILD|tsx/);

      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);

      const script = await fetch(`${url}/tryout/page/chat.js`);
      expect(script.status).toBe(200);
      await script.body?.cancel();

      const css = await fetch(`${url}/dashboard/assets/dashboard.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get("content-type")).toMatch(/text\/css/);
      expect((await css.text()).length).toBeGreaterThan(0);

      const exit = await duban.stop("SIGTERM", 60_000);
      expect(exit, duban.output).toEqual({ code: 0, signal: null });
      expect(duban.output).toMatch(/duban stopped; the database was closed cleanly\./);
    },
    TIMEOUT_MS,
  );
});
