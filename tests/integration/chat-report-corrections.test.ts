import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Database } from "../../src/db/open-database.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Week 2022-W23 in Shanghai: prompted Friday 06-10 09:00, closing Monday 06-13 12:00.
const FRIDAY_10 = new Date("2022-06-10T02:00:00Z");
const MONDAY_13 = new Date("2022-06-13T05:00:00Z");
const ZHANG_WEI = "512340021"; // task 1, six metrics
const SUN_HAO = "512340031"; // task 2

/** Answers every question of the open task with plausible values, up to its review card. */
async function answerUpToReview(person: ChatDriver): Promise<void> {
  for (let guard = 0; guard < 30; guard += 1) {
    const said = person.text();
    if (said.includes("请核对")) return;
    if (said.includes("做了哪些工作")) {
      await person.send("开展秸秆禁烧巡查暗访");
      await person.tap("done");
    } else if (said.includes("是多少")) {
      await person.send("3");
    } else if (said.includes("进展如何")) {
      await person.tap("st:on_track");
    } else if (said.includes("存在哪些问题")) {
      await person.send("部分施工单位扬尘管控不到位");
    } else if (said.includes("下一步打算")) {
      await person.send("继续开展夏季督查巡查");
    } else {
      throw new Error(`unexpected question: ${said}`);
    }
  }
  throw new Error("never reached the review card");
}

describe(`corrections of submitted reports (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let clock = FRIDAY_10;
  const now = () => clock;
  const person = (userId: string) => new ChatDriver({ prisma: database.prisma, userId, now });
  const reportOf = (memberKey: string, taskNumber: number) =>
    database.prisma.report.findFirstOrThrow({
      where: { member: { key: memberKey }, period: "2022-W23", task: { number: taskNumber } },
      include: { revisions: { orderBy: { revision: "asc" } } },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("keeps an on-time report on time when it is corrected after the close, and records the correction", async () => {
    clock = FRIDAY_10;
    const zhang = person(ZHANG_WEI);
    await zhang.command("report");
    await answerUpToReview(zhang);
    await zhang.tap("submit");
    expect(zhang.text()).toContain("截止时间 6月13日（周一）12:00，在此之前如需修改");
    await zhang.command("mytasks");
    expect(zhang.text()).toContain("—— 已提交");

    clock = MONDAY_13;
    await zhang.command("edit");
    expect(zhang.text()).toContain("现在修改会记为截止后更正，原来按时提交的记录不变");
    expect(zhang.text()).not.toContain("在此之前");
    await zhang.tap("edit:problems");
    await zhang.send("月河川道秸秆焚烧时有发生");
    await zhang.tap("submit");
    expect(zhang.text()).toContain("已更正第1项任务");
    expect(zhang.text()).toContain("这次修改记为截止后更正");
    expect(zhang.text()).not.toContain("在此之前如需修改");

    await zhang.command("mytasks");
    expect(zhang.text()).toContain("已提交（截止后有更正）");
    const report = await reportOf("zhang-wei", 1);
    expect(report).toMatchObject({
      state: "submitted",
      late: false,
      correctedLate: true,
      revision: 2,
      problems: "月河川道秸秆焚烧时有发生",
      submittedAt: FRIDAY_10,
      revisedAt: MONDAY_13,
    });
    expect(report.revisions.map((r) => [r.revision, r.late])).toEqual([
      [1, false],
      [2, true],
    ]);
    await zhang.command("help");
    expect(zhang.text()).toContain("/edit 修改本周已提交的报告（截止后修改会记为更正");
  });

  it("marks a first submission after the close late, and says so", async () => {
    clock = MONDAY_13;
    const sun = person(SUN_HAO);
    await sun.command("report");
    expect(sun.text()).toContain("已于 6月13日（周一）12:00 截止，现在提交会记为迟报");
    await answerUpToReview(sun);
    await sun.tap("submit");
    expect(sun.text()).toContain("这次记为迟报");
    expect(sun.text()).not.toContain("在此之前如需修改");
    const report = await reportOf("sun-hao", 2);
    expect(report).toMatchObject({ late: true, correctedLate: false, revision: 1 });
  });

  it("keeps a paused correction, shows it on /edit, and submits it", async () => {
    clock = MONDAY_13;
    const zhang = person(ZHANG_WEI);
    await zhang.command("edit");
    await zhang.tap("edit:problems");
    await zhang.send("受高温天气影响，湖库富营养化问题有所显现");
    await zhang.command("cancel");
    expect(zhang.text()).toContain("修改还没有提交");
    expect(zhang.text()).toContain("发送 /edit 继续修改并提交");
    const paused = await reportOf("zhang-wei", 1);
    expect(paused.problems).toBe("月河川道秸秆焚烧时有发生");
    expect(paused.revision).toBe(2);
    expect(paused.pendingAnswers).toMatchObject({
      problems: "受高温天气影响，湖库富营养化问题有所显现",
    });
    await zhang.command("mytasks");
    expect(zhang.text()).toContain("有修改未提交");

    await zhang.command("report"); // either command shows the correction
    expect(zhang.text()).toContain("有修改还没提交");
    expect(zhang.text()).toContain("受高温天气影响，湖库富营养化问题有所显现");
    await zhang.tap("submit");
    expect(zhang.text()).toContain("已更正第1项任务");
    const report = await reportOf("zhang-wei", 1);
    expect(report).toMatchObject({
      revision: 3,
      problems: "受高温天气影响，湖库富营养化问题有所显现",
      pendingAnswers: null,
      late: false,
    });
  });

  it("drops a correction cancelled on its card, keeping what was submitted", async () => {
    const zhang = person(ZHANG_WEI);
    await zhang.command("edit");
    await zhang.tap("edit:nextSteps");
    await zhang.send("暂不调整");
    await zhang.tap("cancel");
    expect(zhang.text()).toContain("已取消修改，之前提交的内容保持不变");
    const report = await reportOf("zhang-wei", 1);
    expect(report).toMatchObject({ revision: 3, nextSteps: "继续开展夏季督查巡查" });
    expect(report.pendingAnswers).toBeNull();
  });

  it("does not submit from an older card's Submit after an edit, and says so", async () => {
    const zhang = person(ZHANG_WEI);
    await zhang.command("edit");
    const oldSubmit = zhang.buttonData("submit");
    await zhang.tap("edit:problems");
    await zhang.send("扬尘管控仍有薄弱环节");
    const newSubmit = zhang.buttonData("submit");
    await zhang.choose(oldSubmit);
    expect(zhang.text()).toContain("这次没有提交");
    expect(zhang.text()).toContain("扬尘管控仍有薄弱环节"); // the latest card again
    expect((await reportOf("zhang-wei", 1)).revision).toBe(3);
    await zhang.choose(newSubmit);
    expect(zhang.text()).toContain("已更正第1项任务");
    await zhang.choose(newSubmit); // a double tap
    expect(zhang.text()).not.toContain("已更正");
    expect((await reportOf("zhang-wei", 1)).revision).toBe(4);
  });

  it("makes no revision when nothing changed, and submits when 提交 is typed", async () => {
    const zhang = person(ZHANG_WEI);
    await zhang.command("report");
    expect(zhang.text()).toContain("本期已经提交过");
    await zhang.tap("submit");
    expect(zhang.text()).toContain("没有改动，之前提交的内容保持不变");
    expect((await reportOf("zhang-wei", 1)).revision).toBe(4);

    await zhang.command("edit");
    await zhang.tap("edit:nextSteps");
    await zhang.send("加大现场执法力度");
    await zhang.send("提交");
    expect(zhang.text()).toContain("已更正第1项任务");
    const report = await reportOf("zhang-wei", 1);
    expect(report).toMatchObject({ revision: 5, nextSteps: "加大现场执法力度" });
  });
});
