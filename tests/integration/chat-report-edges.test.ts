import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import type { Database } from "../../src/db/open-database.js";
import { t } from "../../src/i18n/translate.js";
import { logger } from "../../src/logger.js";
import { loadCampaignFile, PRODUCT_EXAMPLE, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const FRIDAY = new Date("2022-06-10T02:00:00Z"); // W23 open until Monday 06-13 12:00 (+08)

describe(`the weekly report: campaigns, expiry, concurrency (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let clock = FRIDAY;
  const person = (userId: string) =>
    new ChatDriver({ prisma: database.prisma, userId, now: () => clock });

  beforeAll(async () => {
    database = await createTestDatabase();
    const reference = loadCampaignFile(REFERENCE_EXAMPLE);
    await importCampaign({ prisma: database.prisma, file: reference });
    // 张伟 also owns a task in a second campaign (same person, same unit).
    const product = loadCampaignFile(PRODUCT_EXAMPLE);
    const zhangWei = reference.members.find((m) => m.key === "zhang-wei");
    const bureau = reference.units.find((u) => u.key === "bureau");
    const airOffice = reference.units.find((u) => u.key === "air-office");
    if (!zhangWei || !bureau || !airOffice) throw new Error("the reference has them");
    product.units.push(bureau, airOffice);
    product.members.push(zhangWei);
    product.tasks[0]?.owners.push("zhang-wei");
    await importCampaign({ prisma: database.prisma, file: product });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("lets a member in two campaigns choose which to report on", async () => {
    const zhang = person("512340021");
    await zhang.command("report");
    expect(zhang.text()).toContain("您参与了多项专项工作");
    const product = await database.prisma.campaign.findUniqueOrThrow({
      where: { key: "product-2027" },
    });
    await zhang.choose(zhang.buttonData(`rc|${product.id}|r`));
    expect(zhang.text()).toContain(product.title);
    expect(zhang.text()).toContain("共 1 项任务");
    // A campaign button for a campaign they are not in is refused.
    await zhang.choose("rc|00000000-0000-0000-0000-000000000000|r");
    expect(zhang.text()).toContain("按钮已失效");
    await zhang.command("cancel");
  });

  it("closes a conversation left open past the deadline, keeping its draft", async () => {
    clock = FRIDAY;
    const sun = person("512340031"); // 孙浩
    await sun.command("report");
    await sun.send("调度国考断面达标方案落实情况");
    clock = new Date("2022-06-13T05:00:00Z"); // Monday 13:00, after the close
    await sun.send("又想起一条");
    expect(sun.text()).toContain("截止时已关闭");
    expect(sun.text()).toContain("6月13日（周一）12:00");
    const draft = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "sun-hao" }, period: "2022-W23" },
    });
    expect(draft.state).toBe("draft");
    expect(draft.progressItems).toEqual(["调度国考断面达标方案落实情况"]);
    await sun.command("mytasks");
    expect(sun.text()).toContain("草稿未提交");
    // /report picks the draft up again; a submission now is late.
    await sun.command("report");
    expect(sun.text()).toContain("接着上次的草稿");
  });

  it("runs help, pause, report and my tasks typed as words mid-report, and keeps them out of the answers", async () => {
    clock = FRIDAY;
    const feng = person("512340051"); // 冯刚
    await feng.send("填报"); // no report open: the word starts one
    expect(feng.text()).toContain("本周做了哪些工作");
    await feng.send("开展非现场执法检查");
    // A longer text starting with such a word is an answer.
    await feng.send("取消 3 家企业的帮扶计划");
    expect(feng.text()).toContain("已记录第2条");
    await feng.send("帮助");
    expect(feng.text()).toContain("/report");
    await feng.send("我的任务");
    expect(feng.text()).toContain("草稿未提交");
    await feng.send("暂停");
    expect(feng.text()).toContain("已暂停");
    await feng.send("report");
    expect(feng.text()).toContain("接着上次的草稿");
    const draft = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "feng-gang" }, period: "2022-W23" },
    });
    // Only the item: none of the words that ran a command became an item of work.
    expect(draft.progressItems).toEqual(["开展非现场执法检查", "取消 3 家企业的帮扶计划"]);
    await feng.command("cancel");
  });

  it("handles two messages of one person at once one after the other, losing neither", async () => {
    clock = new Date("2022-06-17T02:00:00Z"); // W24
    const wu = person("512340099");
    await database.prisma.chatIdentity.create({
      data: {
        platform: "telegram",
        externalId: "512340099",
        member: { connect: { key: "wu-lei" } },
      },
    });
    await wu.command("report");
    const first = person("512340099");
    const second = person("512340099");
    await Promise.all([first.send("第一条"), second.send("第二条")]);
    const draft = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "wu-lei" }, period: "2022-W24" },
    });
    expect([...(draft.progressItems as string[])].sort()).toEqual(["第一条", "第二条"]);
    const apologies = await database.prisma.outboxMessage.count({
      where: { payload: { path: ["text", "0", "text"], string_contains: "没有处理成功" } },
    });
    expect(apologies).toBe(0);
  });

  it("answers an unexpected failure with an apology in the person's language, once", async () => {
    const failing = new ChatDriver({
      prisma: database.prisma,
      userId: "512340031",
      now: () => clock,
      handler: createIncomingHandler({
        prisma: database.prisma,
        logger,
        now: () => {
          throw new Error("the clock broke");
        },
      }),
    });
    const before = await database.prisma.report.count();
    await failing.send("这条会失败", "failing-1");
    expect(failing.text()).toBe(t("zh-CN", "errors.internal"));
    expect(failing.text()).not.toContain("clock");
    await failing.send("这条会失败", "failing-1");
    expect(failing.lastReplies).toHaveLength(1);
    expect(await database.prisma.report.count()).toBe(before);
    expect(await database.prisma.inboundUpdate.count({ where: { updateKey: "failing-1" } })).toBe(
      1,
    );
  });
});
