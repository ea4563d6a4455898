import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.js";
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

const CAMPAIGN = join(import.meta.dirname, "../fixtures/campaigns/digest-week.yaml");
const GROUP = -1001000000001;
const REPLY_MS = 30_000;

/**
 * The weekly digest as leaders see it in their group: posted once at the digest time, and
 * after a late report edited in place with an "updated" line, never posted a second time.
 * Two runs of `duban start` on one data directory: the first on Monday 2022-06-27 before the
 * close (one owner reports on time), the second from just before the digest.
 */
describe("the weekly digest, posted and edited in place, through duban start and the Bot API emulator", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-digest-"));
  const dataDir = join(dir, "data");
  let telegram: TelegramEmulator;
  let bot: DubanProcess | undefined;
  let leaders: EmulatedUser;
  const start = async (clock: string) => {
    bot = spawnDuban(["start"], {
      DATA_DIR: dataDir,
      PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DUBAN_SIMULATED_CLOCK: clock,
    });
    await bot.waitFor(/duban is ready/);
  };
  const report = async (person: EmulatedUser, sites: string, submitted: string) => {
    const reply = (expected: string) =>
      person.waitForReply((message) => message.text.includes(expected), REPLY_MS);
    await person.command("report");
    await reply("本周做了哪些工作");
    await person.send("检查在建工地扬尘防治措施落实情况");
    await reply("已记录第1条");
    await person.tap("完成");
    await reply("检查工地");
    await person.send(sites);
    await reply("进展如何");
    await person.tap("按计划推进");
    await reply("存在哪些问题");
    await person.tap("无");
    await reply("下一步");
    await person.tap("无");
    await reply("✅ 提交");
    await person.tap("✅ 提交");
    await reply(submitted);
  };

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    const imported = await runDubanCommand(["campaign", "import", CAMPAIGN], { DATA_DIR: dataDir });
    expect(imported.code, imported.stderr).toBe(0);
    leaders = telegram.user({ userId: 1003, firstName: "王五", chatType: "group", chatId: GROUP });
  });
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("posts the digest once and edits that post when a late report arrives", async () => {
    // Monday 11:30 in Shanghai, half a simulated minute a second: W25 is open until 12:00.
    await start("2022-06-27T03:30:00Z@0.5");
    const zhang = telegram.user({ userId: 1001, firstName: "张三" });
    await report(zhang, "8个", "已提交第1项任务");
    await bot?.stop("SIGTERM");

    // From 13:59 on, a simulated minute a second: the digest fires at 14:00.
    await start("2022-06-27T05:59:00Z@1");
    const posted = await leaders.waitForReply((m) => m.text.includes("2022-W25"), REPLY_MS);
    expect(posted.text).toContain("8");
    expect(posted.text).toContain("李四");

    const li = telegram.user({ userId: 1002, firstName: "李四" });
    await report(li, "4个", "记为迟报");
    const edited = await leaders.waitForReply(
      (m) => m.messageId === posted.messageId && m.text !== posted.text,
      REPLY_MS,
    );
    expect(edited.text).toContain("更新");
    expect(edited.text).toContain("12");

    const sends = telegram
      .calls("sendMessage")
      .filter((call) => Number(call.params.chat_id) === GROUP);
    expect(sends.filter((call) => String(call.params.text).includes("2022-W25"))).toHaveLength(1);
    expect(
      telegram.calls("editMessageText").filter((call) => Number(call.params.chat_id) === GROUP),
    ).toHaveLength(1);
    await bot?.stop("SIGTERM");

    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dataDir, "pglite") },
    });
    try {
      const versions = await database.prisma.publication.findMany({
        where: { kind: "digest", period: "2022-W25" },
        orderBy: { version: "asc" },
      });
      expect(versions.map((v) => [v.version, v.state, v.number])).toEqual([
        [1, "superseded", 1],
        [2, "issued", 1],
      ]);
    } finally {
      await database.close();
    }
  });
});
