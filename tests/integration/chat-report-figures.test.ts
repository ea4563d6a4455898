import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Database } from "../../src/db/open-database.js";
import { compareDecimals } from "../../src/domain/metric-value-rules.js";
import { parseReportedNumber } from "../../src/domain/parse-number.js";
import {
  loadCampaignFile,
  parseCampaignText,
  REFERENCE_EXAMPLE,
} from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const FRIDAY_10 = new Date("2022-06-10T02:00:00Z");

/** One owner, one task whose only question is a figure with no bounds: an index. */
const INDEX_CAMPAIGN = `
version: 1
campaign: { key: figures, title: 数值核对, year: 2022, timeZone: Asia/Shanghai, locale: zh-CN, leadUnit: office }
units: [{ key: office, name: 办公室 }]
members: [{ key: tester, name: 测试员, unit: office, telegram: 700700 }]
tasks:
  - key: only
    number: 1
    title: 指数填报
    leadUnit: office
    owners: [tester]
    metrics: [{ key: index, name: 指数, aggregation: latest, kind: index }]
schedule:
  prompt: { day: friday, time: "09:00" }
  close: { day: monday, time: "12:00" }
questions:
  progress: { ask: false }
  status: { ask: false }
  problems: { ask: false }
  nextSteps: { ask: false }
`;

describe(`figures a person types, stored exactly or refused (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  const now = () => FRIDAY_10;
  const person = (userId: string) => new ChatDriver({ prisma: database.prisma, userId, now });
  const storedValues = async (memberKey: string, taskNumber: number) => {
    const report = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: memberKey }, period: "2022-W23", task: { number: taskNumber } },
      include: { metricValues: { include: { metric: true } } },
    });
    return {
      report,
      values: Object.fromEntries(
        report.metricValues.map((v) => [v.metric.key, v.value.toString()]),
      ),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
    await importCampaign({ prisma: database.prisma, file: parseCampaignText(INDEX_CAMPAIGN) });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("refuses at the step a figure the database cannot keep, saying why, and Submit still works", async () => {
    const sun = person("512340031"); // task 2: 城市水环境质量指数 (index), 印发水质快报 (count) …
    await sun.command("report");
    await sun.send("调度国考断面达标方案落实情况");
    await sun.tap("done");
    await sun.send("１２３４５６７８９０１２３４５６７８９");
    expect(sun.text()).toContain("这个数太大了，记录不下：整数部分最多 14 位");
    expect(sun.text()).not.toContain("已记录");
    await sun.send("3.26400001");
    expect(sun.text()).toContain("最多保留 6 位小数");
    await sun.send("3.2640");
    expect(sun.text()).toContain("已记录：3.2640");
    await sun.send("-5期");
    expect(sun.text()).toContain("“印发水质快报”不能是负数");
    await sun.send("0.5期");
    expect(sun.text()).toContain("应为整数");
    await sun.send("6期");
    await sun.send("101%");
    expect(sun.text()).toContain("“地表水水质优良率”不能大于 100");
    await sun.send("100%");
    await sun.tap("skip");
    await sun.tap("st:on_track");
    await sun.tap("skip");
    await sun.tap("skip");
    await sun.tap("edit:m:0");
    await sun.send("1234567890123456789");
    expect(sun.text()).toContain("整数部分最多 14 位");
    await sun.tap("back");
    await sun.tap("submit");
    expect(sun.text()).toContain("已提交第2项任务");
    const { values } = await storedValues("sun-hao", 2);
    expect(values).toEqual({
      "water-quality-index": "3.264",
      "water-bulletins": "6",
      "surface-water-good-rate": "100",
    });
  });

  it("refuses negative and fractional counts, and tells a person without a figure what to do", async () => {
    const zhang = person("512340021"); // task 1: counts in 处, 份, 个, 起 …
    await zhang.command("report");
    await zhang.send("开展秸秆禁烧巡查暗访");
    await zhang.tap("done");
    await zhang.send("-5处");
    expect(zhang.text()).toContain("不能是负数");
    await zhang.send("没有");
    expect(zhang.text()).toContain("本周没有发生就填 0");
    expect(zhang.text()).toContain("/cancel 暂停");
    await zhang.send("0");
    expect(zhang.text()).toContain("已记录：0 处");
    await zhang.send("0.0001份");
    expect(zhang.text()).toContain("应为整数");
    const draft = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "zhang-wei" }, period: "2022-W23", task: { number: 1 } },
    });
    expect(JSON.stringify(draft.answers)).not.toContain("0.0001");
  });

  it("stores every figure the conversation accepts exactly as confirmed, read back equal", async () => {
    const tester = person("700700");
    await tester.command("report");
    expect(tester.text()).toContain("是多少");
    const digits = (max: number) => fc.stringMatching(new RegExp(`^\\d{1,${max}}$`));
    const typed = fc.oneof(
      // Plain decimals, some past what the column keeps, with a sign now and then.
      fc
        .tuple(fc.constantFrom("", "-", "+"), digits(17), fc.option(digits(8), { nil: undefined }))
        .map(([sign, integer, fraction]) => `${sign}${integer}${fraction ? `.${fraction}` : ""}`),
      // Magnitudes that shift the point: 5.11万, 3亿.
      fc
        .tuple(digits(6), fc.option(digits(4), { nil: undefined }), fc.constantFrom("万", "亿"))
        .map(
          ([integer, fraction, magnitude]) =>
            `${integer}${fraction ? `.${fraction}` : ""}${magnitude}`,
        ),
      // Chinese numerals and full-width digits.
      fc.constantFrom("一百八十", "两千零五", "三点五万", "１２３．４５", "约180", "1,234,567.5"),
    );
    let revision = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(typed, async (text) => {
        if (revision > 0) {
          await tester.command("edit");
          await tester.tap("edit:m:0");
        }
        await tester.send(text);
        const parsed = parseReportedNumber(text);
        const said = tester.text();
        if (!said.includes("已记录")) {
          // Refused: the reason is given and the question asked again.
          expect(said).toMatch(/记录不下|没看懂|不止一个/);
          // Before the first submission the report stays at the question; a refused
          // correction is left, so that the next case starts from /edit again.
          if (revision > 0) {
            await tester.tap("back");
            await tester.command("cancel");
          }
          return;
        }
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(said).toContain(`已记录：${parsed.decimal}`);
        await tester.tap("submit");
        const { report, values } = await storedValues("tester", 1);
        if (report.revision === revision) {
          // The same figure as already submitted: no new revision, the value stands.
          expect(tester.text()).toContain("没有改动");
        } else {
          revision = report.revision;
        }
        expect(compareDecimals(values.index ?? "", parsed.decimal)).toBe(0);
        accepted += 1;
      }),
      { numRuns: 60 },
    );
    expect(accepted).toBeGreaterThan(15); // the property saw real submissions, not only refusals
  });
});
