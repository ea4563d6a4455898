import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { killAllDubans, runDubanCommand, spawnDuban } from "../support/run-duban.js";
import { freePort } from "../support/telegram-emulator/free-port.js";
import { startTelegramEmulator } from "../support/telegram-emulator.js";

/** `duban start` in webhook mode: Telegram (the emulator) posts updates to duban's HTTP server. */
describe("duban start with TELEGRAM_WEBHOOK_URL", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-webhook-"));
  afterAll(async () => {
    await killAllDubans();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the webhook on its path, refuses requests without the secret, and reports through it", async () => {
    const telegram = await startTelegramEmulator();
    try {
      const dataDir = join(dir, "data");
      const campaignFile = join(dir, "campaign.yaml");
      writeFileSync(campaignFile, stringify(loadCampaignFile(REFERENCE_EXAMPLE)));
      expect(
        (await runDubanCommand(["campaign", "import", campaignFile], { DATA_DIR: dataDir })).code,
      ).toBe(0);

      const port = await freePort();
      const webhookUrl = `http://127.0.0.1:${port}/telegram/hook`;
      const bot = spawnDuban(["start"], {
        DATA_DIR: dataDir,
        PORT: String(port),
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_URL: webhookUrl,
        TELEGRAM_WEBHOOK_SECRET: "s3cret-for-tests",
      });
      await bot.waitFor(/duban is ready/);
      expect(telegram.calls("setWebhook").at(-1)?.params).toMatchObject({
        url: webhookUrl,
        secret_token: "s3cret-for-tests",
      });

      const forged = {
        update_id: 1,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 512340021, type: "private" },
          from: { id: 512340021, is_bot: false, first_name: "x" },
          text: "/report",
        },
      };
      const withoutSecret = await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(forged),
      });
      expect(withoutSecret.status).toBe(401);
      const wrongSecret = await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "guess" },
        body: JSON.stringify(forged),
      });
      expect(wrongSecret.status).toBe(401);

      const zhang = telegram.user({ userId: 512340021, firstName: "张伟" });
      await zhang.command("report");
      await zhang.waitForReply((m) => m.text.includes("本周做了哪些工作"), 30_000);
      await zhang.send("开展秸秆禁烧巡查");
      await zhang.waitForReply((m) => m.text.includes("已记录第1条"), 30_000);
      // Only the emulator's relayed updates reached the bot: the forged /report did not.
      expect(zhang.replies().filter((m) => m.text.includes("共 1 项任务"))).toHaveLength(1);
      expect(telegram.calls("webhook delivery")).toEqual([]);
      expect(await bot.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    } finally {
      await telegram.stop();
    }
  });
});
