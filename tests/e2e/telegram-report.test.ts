import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { openDatabase } from "../../src/db/open-database.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
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

const ZHANG_WEI = 512340021;
const REPLY_MS = 30_000;

/**
 * The real thing: `duban start` as a process, long-polling the Bot API emulator, with a
 * person on the other side. The process is killed with SIGKILL mid-conversation and started
 * again; the report must come out whole, once.
 */
describe("weekly report over Telegram, with the bot process killed mid-conversation", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-tg-"));
  const dataDir = join(dir, "data");
  let telegram: TelegramEmulator;
  let bot: DubanProcess | undefined;
  let zhang: EmulatedUser;
  let inviteLink: RegExpMatchArray | null = null;

  const startBot = async () => {
    bot = spawnDuban(["start"], {
      DATA_DIR: dataDir,
      PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    await bot.waitFor(/duban is ready/);
  };
  /** Sends a message and waits for the bot's answer that contains `expected`. */
  const answer = async (user: EmulatedUser, text: string, expected: string) => {
    await user.send(text);
    return user.waitForReply((m) => m.text.includes(expected), REPLY_MS);
  };
  /** Waits for the message that carries a button (a long card arrives in several parts). */
  const buttonArrives = (user: EmulatedUser, label: string) =>
    user.waitForReply(
      (m) => m.replyMarkup?.inline_keyboard.flat().some((button) => button.text === label) ?? false,
      REPLY_MS,
    );
  const tap = async (user: EmulatedUser, label: string, expected: string) => {
    await user.tap(label);
    return user.waitForReply((m) => m.text.includes(expected), REPLY_MS);
  };

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    const file = loadCampaignFile(REFERENCE_EXAMPLE);
    file.tasks.find((task) => task.key === "inspection-rectification")?.owners.push("zhang-wei");
    const campaignFile = join(dir, "campaign.yaml");
    writeFileSync(campaignFile, stringify(file));
    const imported = await runDubanCommand(["campaign", "import", campaignFile], {
      DATA_DIR: dataDir,
    });
    expect(imported.code, imported.stderr).toBe(0);
    const invite = await runDubanCommand(
      ["invite", "li-na", "--platform", "telegram", "--bot", "TestNameBot"],
      { DATA_DIR: dataDir },
    );
    expect(invite.code, invite.stderr).toBe(0);
    inviteLink = invite.stdout.match(/https:\/\/t\.me\/TestNameBot\?start=([A-Z0-9]+)/);
    zhang = telegram.user({ userId: ZHANG_WEI, firstName: "张伟" });
    await startBot();
  });
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a stranger without a word about the organisation", async () => {
    const stranger = telegram.user({ userId: 424242, firstName: "Eve" });
    await stranger.send("hello");
    const reply = await stranger.waitForReply(() => true, REPLY_MS);
    expect(reply.text).toContain("只为已登记的人员服务");
    expect(reply.text).not.toMatch(/安康|生态|专项/);
  });

  it("binds a new account through the deep link that duban invite printed", async () => {
    const code = inviteLink?.[1];
    expect(code, "duban invite prints https://t.me/<bot>?start=<code>").toBeDefined();
    const liNa = telegram.user({ userId: 777001, firstName: "李娜" });
    await liNa.command("start", code);
    const welcome = await liNa.waitForReply(() => true, REPLY_MS);
    expect(welcome.text).toContain("李娜，您好！账号已绑定");
    const reuse = telegram.user({ userId: 777002, firstName: "Mallory" });
    await reuse.command("start", code);
    expect((await reuse.waitForReply(() => true, REPLY_MS)).text).toContain("已经用过了");
  });

  it("survives SIGKILL mid-conversation and finishes with one complete report per task", async () => {
    await zhang.command("report");
    await zhang.waitForReply((m) => m.text.includes("共 2 项任务"), REPLY_MS);
    await zhang.waitForReply((m) => m.text.includes("第1项任务"), REPLY_MS);
    const long = `一是${"持续开展秸秆禁烧巡查暗访，".repeat(357)}`.slice(0, 5000);
    await answer(zhang, long, "已记录第1条");
    await zhang.sendSticker();
    await zhang.waitForReply((m) => m.text.includes("只能读文字"), REPLY_MS);
    await tap(zhang, "完成", "发现火点");
    await answer(zhang, "abc", "没看懂这个数字");
    await answer(zhang, "67处", "下发白色督办单");
    await answer(zhang, "４", "交办扬尘问题");
    await answer(zhang, "9", "查处非法运输烟花爆竹案件");
    await answer(zhang, "4起", "查处非法燃放烟花爆竹案件");

    // Answer, and kill the bot before it can be sure to have replied.
    await zhang.send("十九");
    const killedAt = new Date();
    const killed = await bot?.stop("SIGKILL");
    expect(killed?.signal).toBe("SIGKILL");
    await startBot();
    await zhang.waitForReply((m) => m.text.includes("优良天数"), REPLY_MS);

    await answer(zhang, "170天", "PM2.5");
    await answer(zhang, "34 微克/立方米", "进展如何");
    await tap(zhang, "按计划推进", "存在哪些问题");
    await answer(zhang, "部分施工单位扬尘管控不到位", "下一步");
    await zhang.tap("无");
    await buttonArrives(zhang, "✅ 提交"); // the review card's last part
    expect(zhang.replies().some((m) => m.text.includes("请核对第1项任务"))).toBe(true);

    // An edit from the review card: one answer again, then back to the card.
    await zhang.tap("✏️ 发现火点（黑斑）");
    await zhang.waitForReply((m) => m.text.includes("发现火点（黑斑）"), REPLY_MS);
    await zhang.send("68处");
    await buttonArrives(zhang, "✅ 提交");
    expect(zhang.replies().at(-1)?.text ?? "").not.toContain("67 处");

    // A double-tapped Submit submits once.
    await Promise.all([zhang.tap("✅ 提交"), zhang.tap("✅ 提交")]);
    await zhang.waitForReply((m) => m.text.includes("已提交第1项任务"), REPLY_MS);
    await zhang.waitForReply(
      (m) => m.text.includes("和尚庙") || m.text.includes("第5项任务"),
      REPLY_MS,
    );

    await answer(zhang, "和尚庙矿点清运废弃矿渣5.11万方", "已记录第1条");
    await tap(zhang, "完成", "清运废弃矿渣");
    await answer(zhang, "5.11万方", "封堵污水矿洞");
    await answer(zhang, "11个", "进展如何");
    await tap(zhang, "受阻", "受阻原因");
    await answer(zhang, "资金缺口大", "存在哪些问题");
    await tap(zhang, "无", "下一步");
    await zhang.tap("无");
    await buttonArrives(zhang, "✅ 提交"); // the review card's last part
    expect(zhang.replies().some((m) => m.text.includes("请核对第5项任务"))).toBe(true);
    await tap(zhang, "✅ 提交", "本期 2 项任务已全部提交");

    const texts = zhang.replies().map((m) => m.text);
    expect(texts.filter((text) => text.includes("已提交第1项任务"))).toHaveLength(1);
    expect(texts.some((text) => text.includes("已处理"))).toBe(true);
    // The 5,000-character answer comes back on the review card, split over messages.
    expect(Math.max(...texts.map((text) => text.length))).toBeLessThanOrEqual(4096);

    const stopped = await bot?.stop("SIGTERM");
    expect(stopped?.code).toBe(0);
    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dataDir, "pglite") },
    });
    try {
      const reports = await database.prisma.report.findMany({
        where: { member: { key: "zhang-wei" } },
        include: { metricValues: { include: { metric: true } }, revisions: true, task: true },
        orderBy: { task: { number: "asc" } },
      });
      expect(reports.map((r) => [r.task.number, r.state, r.revision, r.revisions.length])).toEqual([
        [1, "submitted", 1, 1],
        [5, "submitted", 1, 1],
      ]);
      const values = Object.fromEntries(
        (reports[0]?.metricValues ?? []).map((v) => [v.metric.key, Number(v.value.toString())]),
      );
      expect(values).toEqual({
        "fire-points": 68,
        "supervision-orders": 4,
        "assigned-issues": 9,
        "firework-transport-cases": 4,
        "firework-burning-cases": 19,
        "good-air-days": 170,
        pm25: 34,
      });
      expect(reports[0]?.progressItems).toEqual([long.replace(/^一是/, "")]);
      expect(reports[1]?.blockedReason).toBe("资金缺口大");
      // Everything was delivered, except possibly a reply the killed process had claimed (it
      // may have reached Telegram just before the kill; delivery is at least once).
      const unsent = await database.prisma.outboxMessage.findMany({
        where: { state: { not: "sent" } },
      });
      for (const message of unsent) {
        expect(message.state).toBe("sending");
        expect(message.createdAt.getTime()).toBeLessThan(killedAt.getTime());
      }
    } finally {
      await database.close();
    }
  });
});
