import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { killAllDubans, spawnDuban } from "../support/run-duban.js";
import { startTelegramEmulator } from "../support/telegram-emulator.js";

describe("two instances polling one bot", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-conflict-"));
  afterAll(async () => {
    await killAllDubans();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stops the older poller, which Telegram refuses (409), with a non-zero exit and a clear message", async () => {
    const telegram = await startTelegramEmulator();
    try {
      const env = (name: string) => ({
        DATA_DIR: join(dir, name),
        PORT: "0",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
      });
      const first = spawnDuban(["start"], env("first"));
      await first.waitFor(/duban is ready/);
      // Telegram answers 409 to the older of two pollers, as the front door does.
      const second = spawnDuban(["start"], env("second"));
      await second.waitFor(/duban is ready/);
      const exit = await first.exited;
      expect(exit.code, first.output).toBe(1);
      expect(first.stderr).toContain("the chat platform connection stopped for good");
      expect(first.stderr).toContain("409");
      // The newer one is unaffected.
      expect(second.exitStatus).toBeUndefined();
      expect(await second.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    } finally {
      await telegram.stop();
    }
  });
});
