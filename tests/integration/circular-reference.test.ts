import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.js";
import { weeksInQuarter } from "../../src/domain/periods.js";
import { compileCircular } from "../../src/summaries/compile-circular.js";
import { loadSummaryInput } from "../../src/summaries/load-summary-input.js";
import { renderMarkdown } from "../../src/summaries/render-markdown.js";
import type { CompiledCircular } from "../../src/summaries/summary-document.js";
import type { SummaryInput } from "../../src/summaries/summary-input.js";
import {
  type FedQuarter,
  FINAL_MEASURES,
  feedReferenceQuarter,
  REFERENCE_FIGURES,
  REFERENCE_NEXT_STEPS,
  REFERENCE_PROBLEMS,
  REFERENCE_SCRIPT,
  SUPERSEDED_WORDINGS,
} from "../support/reference-quarter.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

/** Sums (or, for cumulative figures, the latest) of what the stored reports say, per metric. */
function storedTotals(input: SummaryInput): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const task of input.tasks) {
    for (const metric of task.metrics) {
      const reports = input.reports.filter(
        (report) => report.taskKey === task.key && report.values[metric.key] !== undefined,
      );
      if (reports.length === 0) continue;
      if (metric.aggregation === "sum") {
        // Hundredths are exact in integers: the reference's decimals have two places at most.
        const cents = reports.reduce(
          (sum, report) => sum + Math.round(Number(report.values[metric.key]) * 100),
          0,
        );
        totals[metric.key] = cents / 100;
      } else {
        totals[metric.key] = Number(reports.at(-1)?.values[metric.key]);
      }
    }
  }
  return totals;
}

/** What each task's section of the reference circular says, as it must read in ours. */
const SECTION_FACTS: Record<string, string[]> = {
  "blue-sky": [
    "发现火点（黑斑）67处",
    "下发通报1期",
    "下发白色督办单4份",
    "交办扬尘问题9个",
    "查处非法运输烟花爆竹案件4起",
    "查处非法燃放烟花爆竹案件19起",
    "成功制止非法燃放烟花爆竹180余起",
    "优良天数170天",
    "34微克/立方米",
    "同比持平",
  ],
  "clear-water": [
    "12个地表水国考断面",
    "水质快报6期",
    "21个县级以上饮用水源地",
    "38个国省市控监测断面",
    "城市水环境质量指数3.2640",
    "地表水水质优良率100%",
    "城市饮用水源地水质达标率100%",
  ],
  "clean-soil": ["报送土壤治理项目6个", "通过省级审查的土壤治理项目4个"],
  "dual-carbon": ["应对气候变化专项规划", "温室气体排放清单"],
  "inspection-rectification": ["清运废弃矿渣5.11万方", "封堵污水矿洞11个", "0.54万方"],
  governance: [
    "6个行业99家",
    "开展非现场执法148次",
    "处罚案件2起",
    "执法帮扶80家（次）",
    "领卡联网企业51家",
    "处罚2万元",
  ],
};

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe(`the reference quarter fed through staff conversations (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let fed: FedQuarter;
  let input: SummaryInput;
  let circular: CompiledCircular;
  let markdown: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    fed = await feedReferenceQuarter(database.prisma);
    input = await loadSummaryInput(database.prisma, {
      campaignId: fed.campaignId,
      periods: weeksInQuarter("2022Q2").map((week) => week.id),
    });
    circular = compileCircular(input, { quarter: "2022Q2" });
    markdown = renderMarkdown(circular.document);
    const artifacts = join(import.meta.dirname, "..", "artifacts");
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "circular-2022q2.md"), markdown);
  }, 600_000);
  afterAll(async () => {
    await database?.close();
  });

  it("stores one report per scripted report, late, skipped and corrected ones told apart", () => {
    expect(fed.weeks).toEqual(
      Array.from({ length: 13 }, (_, index) => `2022-W${String(14 + index).padStart(2, "0")}`),
    );
    const scripted = REFERENCE_SCRIPT.filter((step) => step.kind !== "edit").length;
    expect(input.reports).toHaveLength(scripted);
    const late = input.reports.filter((report) => report.late);
    expect(late.map((report) => `${report.memberKey}/${report.period}`)).toEqual([
      "li-na/2022-W20",
    ]);
    const skipped = input.reports.filter((report) => report.state === "skipped");
    expect(skipped.map((report) => [report.memberKey, report.period, report.skipReason])).toEqual([
      ["sun-hao", "2022-W18", "参加省生态环境厅水污染防治业务培训"],
    ]);
    const corrected = input.reports.filter((report) => report.revision > 1);
    expect(corrected.map((report) => [report.memberKey, report.period, report.values])).toEqual([
      ["zhang-wei", "2022-W21", expect.objectContaining({ "fire-points": "5" })],
    ]);
    // Every week of the quarter has reports; nobody reports every week.
    expect(new Set(input.reports.map((report) => report.period)).size).toBe(13);
    const perMember = new Map<string, number>();
    for (const report of input.reports) {
      perMember.set(report.memberKey, (perMember.get(report.memberKey) ?? 0) + 1);
    }
    expect(perMember.size).toBe(10);
    expect(Math.max(...perMember.values())).toBeLessThan(13);
  });

  it("adds the weekly figures up to the reference and ends the cumulative ones at it", () => {
    const expected = Object.entries(REFERENCE_FIGURES).map(([key, figure]) => [
      key,
      Number(figure),
    ]);
    expect(storedTotals(input)).toEqual(Object.fromEntries(expected));
  });

  it("compiles the six task sections in order, each with its own facts and no other's", () => {
    const keys = Object.keys(SECTION_FACTS);
    expect(circular.tasks.map((section) => section.taskKey)).toEqual(keys);
    expect(circular.tasks.map((section) => section.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const blocks = circular.document.blocks;
    const headings = blocks.flatMap((block, index) =>
      block.kind === "heading" && block.level === 3 ? [index] : [],
    );
    expect(headings.map((index) => blocks[index])).toEqual(
      circular.tasks.map((section) => ({ kind: "heading", level: 3, text: section.heading })),
    );
    expect(circular.tasks[0]?.heading).toContain("打好蓝天保卫战");
    // Each heading is followed by its section's paragraph.
    const paragraphs = headings.map((index) => {
      const next = blocks[index + 1];
      return next?.kind === "paragraph" ? next.text : "";
    });
    for (const [position, key] of keys.entries()) {
      for (const fact of SECTION_FACTS[key] ?? []) {
        const where = paragraphs.flatMap((text, index) =>
          text.includes(fact) ? [keys[index]] : [],
        );
        expect(where, fact).toEqual([keys[position]]);
      }
    }
  });

  it("gives each figure exactly as reported: sums, the corrected figure, year-to-date values", () => {
    const figures = Object.fromEntries(
      circular.tasks.flatMap((section) =>
        section.figures.map((figure) => [figure.metricKey, figure] as const),
      ),
    );
    const shown = Object.fromEntries(
      Object.entries(figures).map(([key, figure]) => [key, figure.display]),
    );
    expect(shown).toEqual(REFERENCE_FIGURES);
    // 张伟's W21 report said 15 fire points before he corrected it to 5: 67, not 77.
    expect(figures["fire-points"]?.sources).toContainEqual(
      expect.objectContaining({ memberKey: "zhang-wei", period: "2022-W21" }),
    );
    expect(figures.pm25?.yearOnYear).toBe("flat");
    expect(figures["surface-water-good-rate"]?.meetsTarget).toBe(true);
    expect(figures["offsite-inspections"]?.sources.map((source) => source.memberKey)).toEqual(
      expect.arrayContaining(["he-ping", "ma-xiaodong", "huang-lei"]),
    );
  });

  it("keeps every measure once, in its latest wording", () => {
    for (const section of circular.tasks) {
      for (const measure of FINAL_MEASURES[section.taskKey] ?? []) {
        expect(
          section.measures.filter((text) => text === measure),
          `${section.taskKey}: ${measure}`,
        ).toHaveLength(1);
        expect(occurrences(markdown, measure), measure).toBe(1);
      }
    }
    for (const wording of SUPERSEDED_WORDINGS) expect(markdown).not.toContain(wording);
  });

  it("closes with the problems and next steps the owners gave in the last weeks", () => {
    expect(circular.problems).toEqual([
      REFERENCE_PROBLEMS.air,
      REFERENCE_PROBLEMS.water,
      REFERENCE_PROBLEMS.rivers,
    ]);
    expect(circular.nextSteps).toEqual([
      REFERENCE_NEXT_STEPS.air,
      REFERENCE_NEXT_STEPS.rivers,
      REFERENCE_NEXT_STEPS.enforcement,
    ]);
    const problemsAt = markdown.indexOf("二、存在的主要问题及下一步打算");
    expect(problemsAt).toBeGreaterThan(markdown.indexOf("6.提升生态环境治理体系"));
    const closing = markdown.slice(problemsAt);
    for (const text of [
      ...Object.values(REFERENCE_PROBLEMS),
      ...Object.values(REFERENCE_NEXT_STEPS),
    ]) {
      expect(occurrences(closing, text), text).toBe(1);
    }
    expect(closing).toContain("抄送：市纪委");
  });

  // Known defect of mergeMeasures: 马晓东's "对汉滨区…" and 黄蕾's "对旬阳区…" items are merged
  // as near-duplicates, then part again, and two measures end with the same wording (task 6
  // says "对汉滨区正面清单企业开展非现场执法" twice, 旬阳 not at all). Drop `.fails` once fixed.
  it("says no measure twice within a section", () => {
    for (const section of circular.tasks) {
      expect(section.measures, section.taskKey).toEqual([...new Set(section.measures)]);
    }
  });
});
