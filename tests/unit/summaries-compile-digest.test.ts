import { describe, expect, it } from "vitest";
import { compileDigest } from "../../src/summaries/compile-digest.js";
import type { SummaryBlock } from "../../src/summaries/summary-document.js";
import { ankangInput, report } from "./summaries-fixture.js";

const now = new Date("2022-06-27T06:00:00Z"); // Monday 27 June, 14:00 in Asia/Shanghai

function listAfter(blocks: SummaryBlock[], heading: string): string[] {
  const index = blocks.findIndex((block) => block.kind === "heading" && block.text === heading);
  const next = blocks[index + 1];
  if (index < 0 || !next) throw new Error(heading);
  return next.kind === "list" ? next.items : [next.kind === "paragraph" ? next.text : ""];
}

describe("compileDigest", () => {
  it("counts the week's submissions overall and by unit", () => {
    const digest = compileDigest(ankangInput(), { week: "2022-W25", now });
    expect(digest.document.title).toBe(
      "生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作 第25周工作周报（2022-W25）",
    );
    expect(digest.submission).toEqual({
      expected: 9,
      submitted: 5,
      late: 1,
      skipped: 0,
      missing: 4,
    });
    expect(digest.byUnit.find((unit) => unit.unitKey === "water-office")).toEqual({
      unitKey: "water-office",
      unitName: "水生态环境科",
      expected: 2,
      submitted: 1,
      missing: ["周静"],
    });
    expect(digest.document.blocks).toContainEqual({
      kind: "paragraph",
      text: "本周应报 9 份，已报 5 份（其中迟报 1 份），请假或跳过 0 份，未报 4 份，报送率 55%。",
    });
    const skipped = compileDigest(ankangInput(), { week: "2022-W24", now });
    expect(skipped.submission.skipped).toBe(1);
  });

  it("breaks the week's figures down by unit and compares them with last week", () => {
    const digest = compileDigest(ankangInput(), { week: "2022-W25", now });
    const lines = listAfter(digest.document.blocks, "二、本周指标");
    expect(lines[0]).toContain(
      "共发现火点（黑斑）37处，其中大气环境科25处、汉滨分局12处（上周30处）",
    );
    expect(lines[1]).toContain("地表水水质优良率100%（目标100%，已达到）");
    const fire = digest.figures[0]?.figures.find((figure) => figure.metricKey === "fire-points");
    expect(fire?.byUnit.map((unit) => [unit.unitName, unit.display])).toEqual([
      ["大气环境科", "25"],
      ["汉滨分局", "12"],
    ]);
  });

  it("reports status changes and new blockers against the previous week", () => {
    const lines = listAfter(
      compileDigest(ankangInput(), { week: "2022-W26", now }).document.blocks,
      "三、进展状态",
    );
    expect(lines).toEqual(["第1项 张伟：有风险", "第5项 冯刚：受阻，原因：资金缺口大"]);
    const calm = listAfter(
      compileDigest(ankangInput(), { week: "2022-W25", now }).document.blocks,
      "三、进展状态",
    );
    expect(calm).toEqual(["各项任务进展状态与上周相同，无新增受阻或风险。"]);
  });

  it("lists milestones overdue or due within 7 days with their lights, and who is missing by unit", () => {
    const { document } = compileDigest(ankangInput(), { week: "2022-W26", now });
    expect(listAfter(document.blocks, "四、节点提醒")).toEqual([
      "🔴 第4项 完成 2019—2020 年温室气体排放清单编制（6月20日，已逾期 7 天）",
      "🟡 第2项 关庙污水处理厂完成施工图设计审查（7月1日，还有 4 天）",
    ]);
    expect(listAfter(document.blocks, "五、未报送人员")).toEqual([
      "土壤生态环境科：吴磊（第3项）",
      "应对气候变化科：郑丽（第4项）",
      "生态环境保护综合执法支队：何平（第6项）",
    ]);
  });

  it("ends with an updated note only when updatedAt is given", () => {
    const plain = compileDigest(ankangInput(), { week: "2022-W26", now });
    expect(plain.document.blocks.some((block) => block.kind === "note")).toBe(false);
    const updated = compileDigest(ankangInput(), {
      week: "2022-W26",
      now,
      updatedAt: new Date("2022-06-27T07:30:00Z"),
    });
    expect(updated.document.blocks.at(-1)).toEqual({
      kind: "note",
      text: "（已于 6月27日 15:30 更新：收到迟报或更正）",
    });
  });

  it("speaks English", () => {
    const { document } = compileDigest(ankangInput(), { week: "2022-W25", now, locale: "en" });
    expect(document.title).toContain("weekly digest, week 25 (2022-W25)");
    expect(listAfter(document.blocks, "II. This week's figures")[0]).toContain(
      "of which 大气环境科 25 处, 汉滨分局 12 处 (last week 30 处)",
    );
  });
  it("puts a figure's target and last week in one bracket, and leaves out a total of nothing after nothing", () => {
    const input = ankangInput();
    input.reports = input.reports.filter((r) => r.period !== "2022-W24" && r.period !== "2022-W25");
    for (const period of ["2022-W24", "2022-W25"]) {
      input.reports.push(
        report({
          taskKey: "clear-water",
          memberKey: "sun-hao",
          period,
          values: { "surface-water-good-rate": "100", "water-bulletins": "0" },
        }),
      );
    }
    const lines = listAfter(
      compileDigest(input, { week: "2022-W25", now }).document.blocks,
      "二、本周指标",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("地表水水质优良率100%（目标100%，已达到；上周100%）");
    expect(lines[0]).not.toContain("水质快报");
  });
});
