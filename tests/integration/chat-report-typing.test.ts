import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Database } from "../../src/db/open-database.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const FRIDAY_10 = new Date("2022-06-10T02:00:00Z");
const SUN_HAO = "512340031"; // task 2: progress, four metrics (one optional), status …

describe(`long pastes and edited messages (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let clock = FRIDAY_10;
  const now = () => clock;
  const tick = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const sun = () => new ChatDriver({ prisma: database.prisma, userId: SUN_HAO, now });
  const outboxFor = (memberChat: string) =>
    database.prisma.outboxMessage.findMany({
      where: { recipient: memberChat },
      orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("keeps a 9,000-character paste whole and answers it with one message", async () => {
    const person = sun();
    await person.command("report");
    await person.send("调度国考断面达标方案落实情况");
    await person.tap("done");
    await person.send("3.2640");
    await person.send("6期");
    await person.send("100%");
    await person.tap("skip");
    await person.tap("st:on_track");
    await person.send("湖库水质富营养化问题有所显现");
    expect(person.text()).toContain("下一步打算");
    const before = (await outboxFor(SUN_HAO)).length;

    // Telegram's app sends a 9,000-character paste as 4096 + 4096 + 808, back to back.
    const whole = `${"持续推进蓝天碧水净土保卫战。".repeat(700)}`.slice(0, 9000);
    const parts = [whole.slice(0, 4096), whole.slice(4096, 8192), whole.slice(8192)];
    for (const part of parts) {
      tick(300);
      await person.send(part);
    }
    const report = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "sun-hao" }, period: "2022-W23" },
    });
    expect(report.nextSteps).toBe(parts.join("\n"));
    expect(report.nextSteps?.replace(/\n/g, "")).toBe(whole);

    const queued = (await outboxFor(SUN_HAO)).slice(before);
    expect(queued).toHaveLength(1); // the replies of parts 1 and 2 were replaced
    const [card] = queued;
    expect(JSON.stringify(card?.payload)).toContain("第 3 段已接在上一条后面");
    expect(JSON.stringify(card?.payload)).toContain("已完整保存");
    // Held for a moment in case a fourth part follows.
    expect(card?.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());

    // Anything else sent now goes out after it, never before.
    const submit = person.buttonData("submit");
    tick(500);
    await person.command("mytasks");
    await person.choose(submit);
    const after = await outboxFor(SUN_HAO);
    expect(after.find((row) => row.id === card?.id)?.nextAttemptAt.getTime()).toBeLessThanOrEqual(
      clock.getTime(),
    );
    expect(person.text()).toContain("已提交第2项任务");
  });

  it("applies an edit of the figure just sent, and not of an older message", async () => {
    clock = new Date("2022-06-17T02:00:00Z"); // the next week
    const person = sun();
    await person.command("report");
    await person.sendMessage("公开水质状况", "t-1");
    await person.tap("done");
    tick(20_000);
    await person.sendMessage("3.2640", "t-2");
    await person.sendMessage("12期", "t-3");
    await person.editMessage("t-3", "21期");
    expect(person.text()).toContain("已按您修改后的消息更新：印发水质快报：21 期");
    await person.editMessage("t-2", "3.5");
    expect(person.text()).toContain("我不会读取对已发送消息的修改");
    await person.send("100%");
    await person.tap("skip");
    await person.tap("st:on_track");
    await person.tap("skip");
    await person.tap("skip");
    await person.tap("submit");
    const report = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "sun-hao" }, period: "2022-W24" },
      include: { metricValues: { include: { metric: true } } },
    });
    const values = Object.fromEntries(
      report.metricValues.map((value) => [value.metric.key, value.value.toString()]),
    );
    expect(values).toEqual({
      "water-quality-index": "3.264",
      "water-bulletins": "21",
      "surface-water-good-rate": "100",
    });

    await person.editMessage("t-3", "30期"); // the report is closed
    expect(person.text()).toContain("我不会读取对已发送消息的修改");
  });
});
