import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Reply } from "../../src/core/reply.js";
import { plainText } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import {
  loadCampaignFile,
  parseCampaignText,
  REFERENCE_EXAMPLE,
} from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 is open, closing Monday 06-13 12:00.
const FRIDAY = new Date("2022-06-10T02:00:00Z");
const CHEN_JIANGUO = "512340001"; // leader, unscoped
const LIU_ZHIQIANG = "512340002"; // leader, also of the river campaign below
const WANG_HAIYAN = "512340003"; // leader, 分管 clear-water (2) and clean-soil (3)
const ZHAO_MIN = "512340010"; // admin
const ZHANG_WEI = "512340021"; // staff here, leader of the river campaign
const SUN_HAO = "512340031"; // staff, task 2
const WU_LEI = "512340041"; // staff, task 3
const FENG_GANG = "512340051"; // staff, task 5, reads English
const LEADERS_GROUP = "-1001234567890";
const RIVER_GROUP = "-1009990001";

const TITLE_1 = "着力解决大气质量改善难度加大问题，打好蓝天保卫战";
const TITLE_2 = "着力解决水污染防治新老矛盾交织，打好碧水保卫战";
const TITLE_3 = "着力解决处理土壤污染治理成本过高问题，打好净土保卫战";
const TITLE_5 = "督促责任主体抓好中央生态环保督察反馈问题整改";

/** The reference campaign, with chat accounts for 王海燕 and 吴磊, and 冯刚 reading English. */
function referenceCampaign(): CampaignFile {
  const file = loadCampaignFile(REFERENCE_EXAMPLE);
  for (const member of file.members) {
    if (member.key === "wang-haiyan") member.telegram = WANG_HAIYAN;
    if (member.key === "wu-lei") member.telegram = WU_LEI;
    if (member.key === "feng-gang") member.locale = "en";
  }
  return file;
}

/** A second, small campaign: 张伟 and 刘志强 lead it; 陈建国 is not in it. */
const RIVER_CAMPAIGN = `
version: 1
campaign: { key: river-2022, title: 汉江巡河专项行动, year: 2022, timeZone: Asia/Shanghai, locale: zh-CN, leadUnit: air-office }
units:
  - { key: bureau, name: 安康市生态环境局, kind: bureau }
  - { key: air-office, name: 大气环境科, parent: bureau }
members:
  - { key: zhang-wei, name: 张伟, unit: air-office, role: leader, title: 科长 }
  - { key: liu-zhiqiang, name: 刘志强, unit: bureau, role: leader }
  - { key: qian-li, name: 钱立, unit: air-office, telegram: "512349001" }
tasks:
  - key: river-patrol
    number: 1
    title: 汉江干流巡河
    leadUnit: air-office
    owners: [qian-li]
    metrics: [{ key: patrols, name: 巡河次数, unit: 次, aggregation: sum, kind: count }]
schedule:
  prompt: { day: friday, time: "09:00" }
  close: { day: monday, time: "12:00" }
channels:
  - { key: river-leaders, platform: telegram, chatId: "${RIVER_GROUP}", purpose: leadership, title: 巡河领导小组 }
`;

describe(`leaders' commands through the core (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  const now = () => FRIDAY;
  const person = (userId: string, groupId?: string) =>
    new ChatDriver({
      prisma: database.prisma,
      userId,
      now,
      ...(groupId ? { chatKind: "group" as const, chatId: groupId } : {}),
    });
  const buttons = (driver: ChatDriver) =>
    driver.lastReplies.flatMap((reply) =>
      reply.kind === "message" ? (reply.buttons ?? []).flat() : [],
    );
  const nudges = () =>
    database.prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: "nudge:ankang-eco-2022:2022-W23:" } },
      orderBy: { idempotencyKey: "asc" },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: referenceCampaign() });
    await importCampaign({ prisma: database.prisma, file: parseCampaignText(RIVER_CAMPAIGN) });

    // 孙浩 reports task 2 through the chat, with figures.
    const sun = person(SUN_HAO);
    await sun.command("report");
    await sun.send("调度国考断面达标方案落实情况");
    await sun.tap("done");
    await sun.send("3.2640");
    await sun.send("6期");
    await sun.send("100%");
    await sun.tap("skip");
    await sun.tap("st:on_track");
    await sun.tap("skip");
    await sun.tap("skip");
    await sun.tap("submit");
    expect(sun.text()).toContain("已提交第2项任务");

    // 张伟 reports task 1.
    const zhang = person(ZHANG_WEI);
    await zhang.command("report");
    await zhang.send("开展秸秆禁烧巡查暗访");
    await zhang.tap("done");
    for (const figure of ["67处", "4", "9个", "4起", "十九", "170 天", "34微克/立方米"]) {
      await zhang.send(figure);
    }
    await zhang.tap("st:on_track");
    await zhang.tap("skip");
    await zhang.tap("skip");
    await zhang.tap("submit");
    expect(zhang.text()).toContain("已提交第1项任务");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("refuses staff politely, pointing to /help, and shows leaders their commands in /help", async () => {
    const sun = person(SUN_HAO);
    for (const command of ["status", "missing", "deadlines", "digest", "circular"]) {
      await sun.command(command, command === "circular" ? "2022Q2" : "");
      expect(sun.text()).toContain("供领导小组成员和管理员");
      expect(sun.text()).toContain("/help");
      expect(sun.text()).not.toContain(TITLE_2);
    }
    await sun.command("help");
    expect(sun.text()).toContain("/report");
    expect(sun.text()).not.toContain("/missing");
    const chen = person(CHEN_JIANGUO);
    await chen.command("help");
    expect(chen.text()).toContain("/report");
    expect(chen.text()).toContain("/missing");
    expect(chen.text()).toContain("/circular");
  });

  it("shows a leader the campaign they lead and nothing of another", async () => {
    const chen = person(CHEN_JIANGUO);
    await chen.command("status");
    expect(chen.text()).toContain(TITLE_1);
    expect(chen.text()).toContain(TITLE_5);
    expect(chen.text()).not.toContain("汉江干流巡河");

    // 张伟 reports in the reference campaign but leads only the river one.
    const zhang = person(ZHANG_WEI);
    await zhang.command("status");
    expect(zhang.text()).toContain("汉江干流巡河");
    expect(zhang.text()).not.toContain(TITLE_1);
    await zhang.command("status", "2");
    expect(zhang.text()).toContain("没有可查看的任务“2”");
    expect(zhang.text()).toContain("1. 汉江干流巡河");
    expect(zhang.text()).not.toContain(TITLE_2);
    await zhang.command("missing");
    expect(zhang.text()).toContain("钱立");
    expect(zhang.text()).not.toContain("孙浩");

    // In the reference campaign's leadership group he is no leader; 陈建国 not in the river's.
    const zhangThere = person(ZHANG_WEI, LEADERS_GROUP);
    await zhangThere.command("status");
    expect(zhangThere.text()).toContain("不是您所在领导小组");
    expect(zhangThere.text()).not.toContain(TITLE_1);
    const chenThere = person(CHEN_JIANGUO, RIVER_GROUP);
    await chenThere.command("status");
    expect(chenThere.text()).toContain("不是您所在领导小组");
    expect(chenThere.text()).not.toContain("汉江干流巡河");

    // A button naming a campaign he does not lead shows him nothing of it.
    const river = await database.prisma.campaign.findUniqueOrThrow({
      where: { key: "river-2022" },
    });
    await chen.choose(`lc|${river.id}|s|`);
    expect(chen.text()).toContain("无法使用这个按钮");
    expect(chen.text()).not.toContain("汉江干流巡河");
  });

  it("lets a leader of two campaigns choose one with a button", async () => {
    const liu = person(LIU_ZHIQIANG);
    await liu.command("status", "第1项");
    const choices = buttons(liu);
    expect(choices.map((button) => button.label).sort()).toEqual(
      [
        "汉江巡河专项行动",
        "生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作",
      ].sort(),
    );
    for (const button of choices) {
      expect(Buffer.byteLength(button.data)).toBeLessThanOrEqual(64);
      expect(button.data).toMatch(/^[\x20-\x7e]+$/);
    }
    const river = choices.find((button) => button.label === "汉江巡河专项行动");
    await liu.choose(river?.data ?? "");
    expect(liu.text()).toContain("汉江干流巡河");
    expect(liu.text()).not.toContain(TITLE_1);
    const reference = choices.find((button) => button.label !== "汉江巡河专项行动");
    await liu.choose(reference?.data ?? "");
    expect(liu.text()).toContain(TITLE_1);
    expect(liu.text()).not.toContain("汉江干流巡河");
  });

  it("shows a scoped leader only her tasks, everywhere", async () => {
    const wang = person(WANG_HAIYAN);
    await wang.command("status");
    expect(wang.text()).toContain(TITLE_2);
    expect(wang.text()).toContain(TITLE_3);
    expect(wang.text()).not.toContain(TITLE_1);
    expect(wang.text()).not.toContain(TITLE_5);

    // A task outside her scope is answered like one that does not exist.
    await wang.command("status", "1");
    const outside = wang.text();
    await wang.command("status", "99");
    expect(outside.replace("“1”", "“99”")).toBe(wang.text());
    expect(outside).toContain(`2. ${TITLE_2}`);
    expect(outside).toContain(`3. ${TITLE_3}`);
    expect(outside).not.toContain(TITLE_1);

    await wang.command("missing");
    expect(wang.text()).toContain("吴磊");
    expect(wang.text()).toContain("周静");
    expect(wang.text()).not.toContain("李娜");
    expect(wang.text()).not.toContain("冯刚");
    expect(wang.text()).not.toContain("孙浩"); // reported

    await wang.command("deadlines");
    expect(wang.text()).toContain("关庙污水处理厂完成施工图设计审查");
    expect(wang.text()).not.toContain("蒿坪河");
    expect(wang.text()).not.toContain("应对气候变化专项规划");

    await wang.command("digest");
    expect(wang.text()).toContain("碧水保卫战");
    expect(wang.text()).toContain("吴磊");
    expect(wang.text()).not.toContain("蓝天保卫战");
    expect(wang.text()).not.toContain("李娜");
    expect(wang.text()).not.toContain("督察");

    await wang.command("circular", "2022Q2");
    expect(wang.text()).toContain("通报涵盖全部任务");
    expect(wang.lastReplies.some((reply) => reply.kind === "file")).toBe(false);
  });

  it("nudges each missing person once per week, in their language, with the start button", async () => {
    const reference = await database.prisma.campaign.findUniqueOrThrow({
      where: { key: "ankang-eco-2022" },
    });
    // The scoped leader's nudge reaches only the people of her tasks: 吴磊 (周静 has no account).
    const wang = person(WANG_HAIYAN);
    await wang.command("missing");
    await wang.choose(wang.buttonData(`ln|${reference.id}|2022-W23`));
    expect(wang.text()).toContain("已向 1 人发送催报提醒：吴磊");
    expect(wang.text()).toContain("周静");
    expect((await nudges()).map((row) => row.recipient)).toEqual([WU_LEI]);

    const chen = person(CHEN_JIANGUO);
    await chen.command("missing");
    const nudge = chen.buttonData(`ln|${reference.id}|2022-W23`);
    await chen.choose(nudge);
    expect(chen.text()).toContain("已向 1 人发送催报提醒：冯刚");
    expect(chen.text()).toContain("另有 1 人此前已催报过");
    const rows = await nudges();
    expect(rows.map((row) => row.recipient).sort()).toEqual([FENG_GANG, WU_LEI].sort());

    const text = (reply: unknown) => plainText((reply as Reply & { kind: "message" }).text);
    const toWu = rows.find((row) => row.recipient === WU_LEI)?.payload as unknown as Reply;
    expect(text(toWu)).toContain("王海燕提醒您");
    expect(text(toWu)).toContain("第 3 项");
    const toFeng = rows.find((row) => row.recipient === FENG_GANG)?.payload as unknown as Reply;
    expect(text(toFeng)).toContain("陈建国 reminds you");
    for (const reply of [toWu, toFeng]) {
      expect(reply.kind === "message" ? reply.buttons?.flat()[0]?.data : "").toBe(
        `rc|${reference.id}|r`,
      );
    }

    // A second tap queues nothing and says when they were nudged.
    await chen.choose(nudge);
    expect(chen.text()).toContain("已于");
    expect(chen.text()).toContain("催报过 2 人");
    expect(await nudges()).toHaveLength(2);
    const audits = await database.prisma.auditEvent.findMany({
      where: { action: "missing.nudged" },
      orderBy: { at: "asc" },
    });
    expect(audits.map((audit) => audit.actor)).toEqual([
      "member:wang-haiyan",
      "member:chen-jianguo",
    ]);

    // The staff member the reminder reached opens the report from its button.
    const wu = person(WU_LEI);
    await wu.choose(`rc|${reference.id}|r`);
    expect(wu.text()).toContain(TITLE_3);
  });

  it("shows a task's figures with whose report and which week they came from", async () => {
    const chen = person(CHEN_JIANGUO);
    await chen.command("status", "2");
    expect(chen.text()).toContain(TITLE_2);
    // The index as typed (four decimals), with whose report and which week it came from.
    expect(chen.text()).toMatch(/城市水环境质量指数[^\n]*3\.2640[^\n]*来源：孙浩 2022-W23/);
    expect(chen.text()).toMatch(/印发水质快报[^\n]*6[^\n]*来源：孙浩 2022-W23/);
    expect(chen.text()).not.toContain(TITLE_1);
    await chen.command("status", "clear-water");
    expect(chen.text()).toContain("3.2640");
  });

  it("answers a leader in the leadership group, in the group; staff there still get a pointer", async () => {
    const toGroup = () =>
      database.prisma.outboxMessage.count({ where: { recipient: LEADERS_GROUP } });
    const before = await toGroup();
    const chen = person(CHEN_JIANGUO, LEADERS_GROUP);
    const replies = await chen.command("status");
    expect(chen.text()).toContain(TITLE_1);
    expect(replies.length).toBeGreaterThan(0);
    expect(await toGroup()).toBe(before + replies.length);
    const staffInGroup = person(SUN_HAO, LEADERS_GROUP);
    await staffInGroup.command("report");
    expect(staffInGroup.text()).toContain("私聊");
    await staffInGroup.command("status");
    expect(staffInGroup.text()).toContain("供领导小组成员和管理员");
    const stranger = person("424242", LEADERS_GROUP);
    await stranger.command("status");
    expect(stranger.text()).not.toContain(TITLE_1);
  });

  it("drafts the quarter's circular and approves it once", async () => {
    const zhao = person(ZHAO_MIN);
    await zhao.command("circular");
    expect(zhao.text()).toContain("/circular 2022Q2");
    await zhao.command("circular", "2022Q5");
    expect(zhao.text()).toContain("/circular 2022Q2");

    await zhao.command("circular", "2022q2");
    const file = zhao.lastReplies.find((reply) => reply.kind === "file");
    expect(file?.kind === "file" && file.mimeType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(file?.kind === "file" && Buffer.from(file.base64, "base64").length).toBeGreaterThan(0);
    const last = zhao.lastReplies.at(-1);
    expect(last?.kind === "message" && plainText(last.text)).toContain("草稿第 1 版");
    const approve = zhao.buttonData(
      buttons(zhao).find((button) => button.data.startsWith("ca|"))?.data ?? "ca|",
    );

    // Staff cannot approve; the admin can, once.
    const sun = person(SUN_HAO);
    await sun.choose(approve);
    expect(sun.text()).toContain("供领导小组成员和管理员");
    await zhao.choose(approve);
    expect(zhao.text()).toMatch(/已签发第\d+期，已发送到 \d+ 个领导小组群/);
    await zhao.choose(approve);
    expect(zhao.text()).toContain("已经签发过了");
  });

  it("speaks English to a leader who reads English", async () => {
    const chen = person(CHEN_JIANGUO);
    await chen.command("lang", "en");
    await chen.command("status", "42");
    expect(chen.text()).toContain("There is no task “42” you can look at");
    await chen.command("missing");
    expect(chen.text()).toContain("Tap Nudge to send each of them a reminder");
    expect(buttons(chen).find((button) => button.data.startsWith("ln|"))?.label).toBe(
      "Nudge (8 people)",
    );
    await chen.command("circular", "next");
    expect(chen.text()).toContain("Please name the quarter");
    await person(SUN_HAO).command("lang", "en");
    const sun = person(SUN_HAO);
    await sun.command("status");
    expect(sun.text()).toContain("This command is for members of the leadership group");
  });
});
