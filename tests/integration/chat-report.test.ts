import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Database } from "../../src/db/open-database.js";
import { createInvite } from "../../src/identity/create-invite.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 is open, closing Monday 06-13 12:00.
const FRIDAY = new Date("2022-06-10T02:00:00Z");
const ZHANG_WEI = "512340021";

/** The reference campaign, with 张伟 owning two tasks. */
function campaignWithTwoTasks(): CampaignFile {
  const file = loadCampaignFile(REFERENCE_EXAMPLE);
  const rectification = file.tasks.find((task) => task.key === "inspection-rectification");
  rectification?.owners.push("zhang-wei");
  return file;
}

describe(`the weekly report through the core (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let clock = FRIDAY;
  const now = () => clock;
  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: campaignWithTwoTasks() });
  });
  afterAll(async () => {
    await database?.close();
  });
  const person = (userId: string, chatKind: "private" | "group" = "private") =>
    new ChatDriver({
      prisma: database.prisma,
      userId,
      now,
      chatKind,
      ...(chatKind === "group" ? { chatId: "-100" } : {}),
    });

  it("refuses a stranger politely, revealing nothing", async () => {
    const stranger = person("424242");
    await stranger.send("你好");
    expect(stranger.text()).toContain("只为已登记的人员服务");
    expect(stranger.text()).not.toMatch(/安康|生态|专项/);
    await stranger.command("report");
    expect(stranger.text()).toContain("只为已登记的人员服务");
  });

  it("binds an account with a one-time invite code, once", async () => {
    const invite = await createInvite({
      prisma: database.prisma,
      memberKey: "li-na",
      platform: "telegram",
      ttlHours: 72,
      now: FRIDAY,
    });
    if (!invite.ok) throw new Error("invite failed");
    const liNa = person("777001");
    await liNa.command("start", invite.code);
    expect(liNa.text()).toContain("李娜，您好！账号已绑定");
    const other = person("777002");
    await other.command("start", invite.code);
    expect(other.text()).toContain("已经用过了");
    // Opening the same link again, already bound: told so, not sent to the admin.
    await liNa.command("start", invite.code);
    expect(liNa.text()).toContain("李娜，您的账号已经绑定好了，无需再用绑定链接");
    expect(liNa.text()).not.toContain("管理员");
    const identity = await database.prisma.chatIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: "telegram", externalId: "777001" } },
      include: { member: true },
    });
    expect(identity.member.key).toBe("li-na");
  });

  it("tells staff in a group to report in a private chat", async () => {
    const inGroup = person(ZHANG_WEI, "group");
    await inGroup.command("report");
    expect(inGroup.text()).toContain("私聊");
    await inGroup.send("随便说点什么");
    expect(inGroup.lastReplies).toEqual([]);
  });

  it("takes a member through two tasks, with bad numbers, an edit and a submit", async () => {
    const zhang = person(ZHANG_WEI);
    await zhang.command("report");
    expect(zhang.text()).toContain("共 2 项任务");
    expect(zhang.text()).toContain("第1项任务《着力解决大气质量改善难度加大问题，打好蓝天保卫战》");

    await zhang.send("开展秸秆禁烧巡查暗访\n召开市治霾工作领导小组会议");
    expect(zhang.text()).toContain("已记录 2 条");
    await zhang.send("对前期交办扬尘问题开展后督查");
    expect(zhang.text()).toContain("已记录第3条");
    await zhang.tap("done");
    expect(zhang.text()).toContain("发现火点（黑斑）");

    await zhang.send("abc");
    expect(zhang.text()).toContain("没看懂这个数字");
    await zhang.send("67处");
    await zhang.send("４"); // 督办单, full-width
    await zhang.send("9个");
    await zhang.send("4起"); // 查处非法运输烟花爆竹案件
    await zhang.send("十九"); // 查处非法燃放烟花爆竹案件
    await zhang.send("170 天");
    await zhang.send("34微克/立方米");
    expect(zhang.text()).toContain("进展如何");
    await zhang.tap("st:on_track");
    await zhang.send("部分施工单位扬尘管控不到位");
    await zhang.tap("skip"); // next steps: none
    expect(zhang.text()).toContain("请核对第1项任务");
    expect(zhang.text()).toContain("67 处");

    await zhang.tap("edit:m:0");
    await zhang.send("68");
    expect(zhang.text()).toContain("68 处");
    const submitData = zhang.buttonData("submit");
    await zhang.choose(submitData, "double-tap-1");
    expect(zhang.text()).toContain("已提交第1项任务");
    await zhang.choose(submitData, "double-tap-2");
    expect(zhang.text()).toContain("已处理");

    // The second task follows.
    await zhang.send("和尚庙矿点清运废弃矿渣");
    await zhang.tap("done");
    await zhang.send("5.11万方");
    await zhang.send("十一");
    await zhang.tap("st:blocked");
    await zhang.send("资金缺口大");
    await zhang.tap("skip");
    await zhang.tap("skip");
    await zhang.tap("submit");
    expect(zhang.text()).toContain("本期 2 项任务已全部提交");

    const reports = await database.prisma.report.findMany({
      where: { member: { key: "zhang-wei" }, period: "2022-W23" },
      include: { metricValues: { include: { metric: true } }, revisions: true, task: true },
      orderBy: { task: { number: "asc" } },
    });
    expect(reports.map((r) => [r.task.number, r.state, r.revision, r.late])).toEqual([
      [1, "submitted", 1, false],
      [5, "submitted", 1, false],
    ]);
    const blueSky = reports[0];
    expect(blueSky?.progressItems).toEqual([
      "开展秸秆禁烧巡查暗访",
      "召开市治霾工作领导小组会议",
      "对前期交办扬尘问题开展后督查",
    ]);
    const values = Object.fromEntries(
      (blueSky?.metricValues ?? []).map((v) => [v.metric.key, Number(v.value.toString())]),
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
    expect(blueSky?.revisions).toHaveLength(1);
    const rectification = reports[1];
    expect(rectification?.health).toBe("blocked");
    expect(rectification?.blockedReason).toBe("资金缺口大");
    expect(rectification?.metricValues.map((v) => Number(v.value.toString())).sort()).toEqual([
      11, 5.11,
    ]);
    const open = await database.prisma.conversation.count({
      where: { closedAt: null, member: { key: "zhang-wei" } },
    });
    expect(open).toBe(0);
  });

  it("ignores a redelivered update", async () => {
    const zhang = person(ZHANG_WEI);
    await zhang.command("mytasks");
    const before = await database.prisma.outboxMessage.count();
    await zhang.send("重复投递", "redelivered-1");
    const after = await database.prisma.outboxMessage.count();
    await zhang.send("重复投递", "redelivered-1");
    expect(await database.prisma.outboxMessage.count()).toBe(after);
    expect(after).toBeGreaterThan(before);
  });

  it("edits a submitted report as a new revision; a correction after the close keeps it on time", async () => {
    clock = new Date("2022-06-13T06:00:00Z"); // Monday 14:00, after the close
    const zhang = person(ZHANG_WEI);
    await zhang.command("edit");
    expect(zhang.text()).toContain("本期已经提交过");
    await zhang.tap("edit:problems");
    await zhang.send("秸秆焚烧时有发生");
    await zhang.tap("submit");
    const report = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "zhang-wei" }, period: "2022-W23", task: { number: 1 } },
      include: { revisions: { orderBy: { revision: "asc" } } },
    });
    expect(report.revision).toBe(2);
    expect(report.late).toBe(false);
    expect(report.correctedLate).toBe(true);
    expect(report.problems).toBe("秸秆焚烧时有发生");
    expect(report.revisions.map((r) => [r.revision, r.late])).toEqual([
      [1, false],
      [2, true],
    ]);
    await zhang.command("cancel");
  });

  it("keeps a draft across /cancel, resumes it with /report, and skips a week with a reason", async () => {
    clock = new Date("2022-06-17T02:00:00Z"); // the next Friday: week 2022-W24
    const sun = person("512340031"); // 孙浩, task 2
    await sun.command("report");
    await sun.send("调度12个国考断面达标方案落实情况");
    await sun.tap("done");
    await sun.sticker();
    expect(sun.text()).toContain("只能读文字");
    await sun.command("cancel");
    expect(sun.text()).toContain("草稿");
    const draft = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "sun-hao" }, period: "2022-W24" },
    });
    expect(draft.state).toBe("draft");
    expect(draft.progressItems).toEqual(["调度12个国考断面达标方案落实情况"]);

    await sun.command("report");
    expect(sun.text()).toContain("接着上次的草稿");

    await sun.command("lang", "en");
    expect(sun.text()).toBe("Switched to English.");
    await sun.command("skip");
    expect(sun.text()).toContain("Please give a reason");
    await sun.command("skip", "x".repeat(501));
    expect(sun.text()).toContain("within 500 characters");
    await sun.command("skip", "\u200B—");
    expect(sun.text()).toContain("Please give a reason");
    await sun.command("skip", "on a training course");
    expect(sun.text()).toContain("no report this week (2022-W24) for 1 task. Reason");
    const skipped = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "sun-hao" }, period: "2022-W24" },
    });
    expect(skipped).toMatchObject({ state: "skipped", skipReason: "on a training course" });
    await sun.command("mytasks");
    expect(sun.text()).toContain("skipped with a reason");
  });
});
