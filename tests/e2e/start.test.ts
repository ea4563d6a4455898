import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startHeldBotApi } from "../support/held-bot-api.js";
import {
  type DubanProcess,
  killAllDubans,
  REPO_ROOT,
  runDubanCommand,
  spawnDuban,
  waitForHealthy,
} from "../support/run-duban.js";

/** The migrations `start` must apply to an empty database, by folder name. */
const MIGRATION_NAMES = readdirSync(join(REPO_ROOT, "prisma", "migrations"), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const READY = /^duban is ready \(\d+ ms\)\.$/;

/** A first start creates and migrates the database: on a loaded 2-core machine, well over 45 s. */
const START_TIMEOUT_MS = 120_000;

/** Starts duban on `dataDir` with a free port and waits until it is ready and healthy. */
async function startReady(dataDir: string): Promise<{ duban: DubanProcess; url: string }> {
  const duban = spawnDuban(["start"], { DATA_DIR: dataDir, PORT: "0" });
  const url = await duban.httpUrl(START_TIMEOUT_MS);
  await duban.waitFor(READY, START_TIMEOUT_MS);
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
  const ready = await fetch(`${url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
  return { duban, url };
}

afterEach(async () => {
  await killAllDubans();
});

/*
 * These tests share one data directory and run in order: each start builds on what the
 * one before left behind (created → reopened → killed with SIGKILL → reopened).
 */
describe("duban start on the embedded database", { timeout: 2 * START_TIMEOUT_MS }, () => {
  let root: string;
  let dataDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "duban-e2e-start-"));
    dataDir = join(root, "data");
  });

  afterAll(async () => {
    await killAllDubans();
    rmSync(root, { recursive: true, force: true });
  });

  it("creates and migrates an empty data directory, serves /healthz, stops cleanly on SIGTERM", async () => {
    expect(MIGRATION_NAMES.length).toBeGreaterThan(0);
    const { duban } = await startReady(dataDir);

    const applied = duban.output.match(/applied (\d+) migrations?: (.*)$/m);
    expect(applied, duban.output).not.toBeNull();
    expect(Number(applied?.[1])).toBe(MIGRATION_NAMES.length);
    for (const name of MIGRATION_NAMES) expect(applied?.[2]).toContain(name);
    expect(duban.output).not.toMatch(/up to date/);
    expect(existsSync(join(dataDir, "pglite"))).toBe(true);

    const exit = await duban.stop("SIGTERM");
    expect(exit, duban.output).toEqual({ code: 0, signal: null });
    expect(duban.output).toMatch(/duban stopped; the database was closed cleanly\./);
  });

  it("applies nothing on a second start of the same data directory", async () => {
    const { duban } = await startReady(dataDir);
    expect(duban.output).toMatch(/the database schema is up to date/);
    expect(duban.output).not.toMatch(/applied \d+ migration/);

    // The embedded database is single-process: a second one is refused, nothing is opened
    // (data commands such as `campaign list` run through the running bot instead).
    const second = await runDubanCommand(["db", "migrate"], { DATA_DIR: dataDir });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`in use by a running duban (process ${duban.pid})`);
    expect(await duban.stop("SIGTERM"), duban.output).toEqual({ code: 0, signal: null });
  });

  it("starts again after being killed with SIGKILL, and db status then finds the database current", async () => {
    const killed = await startReady(dataDir);
    expect(await killed.duban.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });

    const { duban, url } = await startReady(dataDir);
    expect(duban.output).toMatch(/the database schema is up to date/);
    expect(await waitForHealthy(`${url}/healthz`, { process: duban })).toMatchObject({
      status: "ok",
    });
    expect(await duban.stop("SIGTERM"), duban.output).toEqual({ code: 0, signal: null });

    const status = await runDubanCommand(["db", "status"], { DATA_DIR: dataDir });
    const output = `${status.stdout}${status.stderr}`;
    expect(status.code, output).toBe(0);
    expect(status.stdout).toMatch(/the database matches the migrations folder\./);
    expect(output).not.toMatch(/not applied|failed:|edited after/);
  });
});

describe("duban start's readiness", { timeout: 2 * START_TIMEOUT_MS }, () => {
  it("answers /readyz 503 while a platform is starting, and 200 once duban is ready", async () => {
    const root = mkdtempSync(join(tmpdir(), "duban-e2e-readyz-"));
    // Telegram's getMe is held: duban serves HTTP but stays in the platforms' start.
    const telegram = await startHeldBotApi();
    try {
      const duban = spawnDuban(["start"], {
        DATA_DIR: join(root, "data"),
        PORT: "0",
        TELEGRAM_BOT_TOKEN: "4242:held-for-readiness",
        TELEGRAM_API_ROOT: telegram.apiRoot,
      });
      const url = await duban.httpUrl(START_TIMEOUT_MS);
      await telegram.called("getMe");

      const starting = await fetch(`${url}/readyz`);
      expect(starting.status).toBe(503);
      expect(await starting.json()).toEqual({
        status: "starting",
        waitingFor: ["platforms", "scheduler"],
      });
      // Alive all the same: a liveness probe must not restart a duban that is starting.
      expect(await waitForHealthy(`${url}/healthz`, { process: duban })).toMatchObject({
        status: "ok",
      });
      expect(duban.output).not.toMatch(/duban is ready/);

      telegram.release();
      await duban.waitFor(READY);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready" });
      // With a platform there is no try-out chat: duban's address leads to the dashboard.
      const home = await fetch(`${url}/`, { redirect: "manual" });
      expect(home.status).toBe(302);
      expect(home.headers.get("location")).toBe("/dashboard");
      expect(await duban.stop("SIGTERM"), duban.output).toEqual({ code: 0, signal: null });
    } finally {
      await telegram.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("duban start with an invalid environment", () => {
  it("exits non-zero and names PORT when PORT=abc", async () => {
    const root = mkdtempSync(join(tmpdir(), "duban-e2e-badenv-"));
    try {
      const result = await runDubanCommand(["start"], {
        DATA_DIR: join(root, "data"),
        PORT: "abc",
      });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toMatch(/environment variable PORT is invalid/);
      expect(result.stdout).not.toMatch(/duban is ready/);
      // It stops at the configuration, before touching the database.
      expect(existsSync(join(root, "data"))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
