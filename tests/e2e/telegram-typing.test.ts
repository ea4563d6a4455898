import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.js";
import { REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import {
  type DubanProcess,
  killAllDubans,
  runDubanCommand,
  spawnDuban,
} from "../support/run-duban.js";
import {
  type EmulatedUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../support/telegram-emulator.js";

const SUN_HAO = 512340031; // task 2 of the reference campaign
const REPLY_MS = 30_000;

/**
 * What Telegram's apps do that a test of the core alone cannot show: a pasted text over 4,096
 * characters arrives as several messages, and a sent message can be edited afterwards.
 */
describe("a long paste and an edited message, through duban start and the Bot API emulator", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-typing-"));
  const dataDir = join(dir, "data");
  let telegram: TelegramEmulator;
  let bot: DubanProcess | undefined;
  let sun: EmulatedUser;
  const reply = (expected: string) =>
    sun.waitForReply((message) => message.text.includes(expected), REPLY_MS);

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    const imported = await runDubanCommand(["campaign", "import", REFERENCE_EXAMPLE], {
      DATA_DIR: dataDir,
    });
    expect(imported.code, imported.stderr).toBe(0);
    sun = telegram.user({ userId: SUN_HAO, firstName: "孙浩" });
    bot = spawnDuban(["start"], {
      DATA_DIR: dataDir,
      PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    await bot.waitFor(/duban is ready/);
  });
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies an edit of the figure just sent", async () => {
    await sun.command("report");
    await reply("本周做了哪些工作");
    await sun.send("调度国考断面达标方案落实情况");
    await reply("已记录第1条");
    await sun.tap("完成");
    await reply("城市水环境质量指数");
    await sun.send("3.2640");
    await reply("印发水质快报");
    const bulletins = await sun.send("6期");
    await reply("地表水水质优良率");
    await sun.editMessage(bulletins, "8期");
    await reply("已按您修改后的消息更新：印发水质快报：8 期");
  });

  it("answers a 9,000-character paste, sent as three messages, with one message and keeps it whole", async () => {
    await sun.send("100%");
    await reply("城市饮用水源地水质达标率");
    await sun.tap("跳过");
    await reply("进展如何");
    await sun.tap("按计划推进");
    await reply("存在哪些问题");
    await sun.send("湖库水质富营养化问题有所显现");
    await reply("下一步打算");

    const whole = "持续推进蓝天碧水净土保卫战，加大现场执法力度。".repeat(400).slice(0, 9000);
    const parts = [whole.slice(0, 4096), whole.slice(4096, 8192), whole.slice(8192)];
    const before = sun.replies().length;
    // Telegram's app sends the parts back to back, without waiting for the bot.
    await Promise.all(parts.map((part, index) => delay(index * 150).then(() => sun.send(part))));
    const card = await reply("第 3 段已接在上一条后面");
    expect(card.text).toContain("共 9002 字，已完整保存");
    await delay(4_000); // longer than the bot holds replies for more parts
    expect(
      sun
        .replies()
        .slice(before)
        .map((message) => message.text.slice(0, 30)),
    ).toEqual([card.text.slice(0, 30)]);
    await sun.tap("✅ 提交");
    await reply("已提交第2项任务");

    const stopped = await bot?.stop("SIGTERM");
    expect(stopped?.code).toBe(0);
    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dataDir, "pglite") },
    });
    try {
      const report = await database.prisma.report.findFirstOrThrow({
        where: { member: { key: "sun-hao" }, state: "submitted" },
        include: { metricValues: { include: { metric: true } } },
      });
      expect(report.nextSteps).toBe(parts.join("\n"));
      const values = Object.fromEntries(
        report.metricValues.map((value) => [value.metric.key, value.value.toString()]),
      );
      expect(values["water-bulletins"]).toBe("8");
    } finally {
      await database.close();
    }
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
