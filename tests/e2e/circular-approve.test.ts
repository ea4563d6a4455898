import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
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

const REPORTS = join(import.meta.dirname, "../fixtures/reports/ankang-2022-q2-weeks.csv");
const LEADERS_GROUP = -1001234567890;
const CHEN_JIANGUO = 512340001; // leader, unscoped
const ZHANG_WEI = 512340021; // staff
const SUN_HAO = 512340031; // staff, task 2
const REPLY_MS = 30_000;

async function documentText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  return xml.replace(/<[^>]+>/g, "");
}

/**
 * The quarterly circular as leaders handle it in Telegram: the draft as messages and a Word
 * file, approval, the issued circular (numbered) in the leadership group, and a new draft
 * version after a later report, the issued one unchanged.
 */
describe("the circular drafted, approved and posted, through duban start and the Bot API emulator", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-circular-"));
  const dataDir = join(dir, "data");
  let telegram: TelegramEmulator;
  let bot: DubanProcess | undefined;
  let chen: EmulatedUser;
  let group: EmulatedUser;
  const from = (person: EmulatedUser, expected: string) =>
    person.waitForReply((message) => message.text.includes(expected), REPLY_MS);

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    const env = { DATA_DIR: dataDir };
    for (const args of [
      ["campaign", "import", REFERENCE_EXAMPLE],
      ["reports", "import", REPORTS, "--campaign", "ankang-eco-2022"],
    ]) {
      const result = await runDubanCommand(args, env);
      expect(result.code, result.stderr).toBe(0);
    }
    chen = telegram.user({ userId: CHEN_JIANGUO, firstName: "陈建国" });
    group = telegram.user({ userId: CHEN_JIANGUO, chatType: "group", chatId: LEADERS_GROUP });
    bot = spawnDuban(["start"], {
      ...env,
      PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      // Monday 2022-06-27 10:00 in Shanghai, the clock nearly still: W25 is open.
      DUBAN_SIMULATED_CLOCK: "2022-06-27T02:00:00Z@0.01",
    });
    await bot.waitFor(/duban is ready|督办已就绪/);
  });
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses staff", async () => {
    const zhang = telegram.user({ userId: ZHANG_WEI, firstName: "张伟" });
    await zhang.command("circular", "2022Q2");
    await from(zhang, "供领导小组成员和管理员");
  });

  it("sends the draft as messages and a Word file, and posts it numbered once approved", async () => {
    await chen.command("circular", "2022Q2");
    const draft = await chen.waitForReply((m) => m.document !== undefined, REPLY_MS);
    expect(draft.document?.fileName).toBe("ankang-eco-2022-2022Q2-草稿第1版.docx");
    const draftText = await documentText(draft.document?.bytes ?? Buffer.alloc(0));
    expect(draftText).toContain("关于第二季度");
    expect(draftText).toContain("一、主要成效");
    expect(draftText).not.toContain("第1期");
    await from(chen, "草稿第 1 版");
    await chen.tap("签发");
    await from(chen, "已签发第1期，已发送到 1 个领导小组群");

    const posted = await group.waitForReply((m) => m.text.includes("第1期"), REPLY_MS);
    expect(posted.text).toContain("关于第二季度");
    const file = await group.waitForReply((m) => m.document !== undefined, REPLY_MS);
    expect(file.document?.fileName).toBe("ankang-eco-2022-2022Q2-第1期.docx");
    expect(await documentText(file.document?.bytes ?? Buffer.alloc(0))).toContain("第1期");
  });

  it("says so when nothing changed, and makes a new draft version after a later report, the issued one unchanged", async () => {
    await chen.command("circular", "2022Q2");
    await from(chen, "内容没有变化");

    const sun = telegram.user({ userId: SUN_HAO, firstName: "孙浩" });
    const reply = (expected: string) => from(sun, expected);
    await sun.command("report");
    await reply("本周做了哪些工作");
    await sun.send("组织开展汉江流域水质交叉检查");
    await reply("已记录第1条");
    await sun.tap("完成");
    await reply("城市水环境质量指数");
    await sun.send("3.2640");
    await reply("印发水质快报");
    await sun.send("2期");
    await reply("地表水水质优良率");
    await sun.send("100%");
    await reply("城市饮用水源地水质达标率");
    await sun.send("100%");
    await reply("进展如何");
    await sun.tap("按计划推进");
    await reply("存在哪些问题");
    await sun.send("受高温天气影响，湖库水质富营养化问题有所显现");
    await reply("下一步");
    await sun.tap("无");
    await reply("请核对");
    await sun.tap("✅ 提交");
    await reply("已提交第2项任务");

    await chen.command("circular", "2022Q2");
    const second = await chen.waitForReply(
      (m) => m.document?.fileName === "ankang-eco-2022-2022Q2-草稿第2版.docx",
      REPLY_MS,
    );
    expect(await documentText(second.document?.bytes ?? Buffer.alloc(0))).toContain(
      "湖库水质富营养化",
    );
    await from(chen, "草稿第 2 版");

    await bot?.stop("SIGTERM");
    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dataDir, "pglite") },
    });
    try {
      const versions = await database.prisma.publication.findMany({
        where: { kind: "circular", period: "2022Q2" },
        orderBy: { version: "asc" },
      });
      expect(versions.map((v) => [v.version, v.state, v.number])).toEqual([
        [1, "issued", 1],
        [2, "draft", null],
      ]);
      const issued = JSON.stringify(versions[0]?.content);
      expect(issued).toContain("第1期");
      expect(issued).not.toContain("湖库水质富营养化");
    } finally {
      await database.close();
    }
  });
});
