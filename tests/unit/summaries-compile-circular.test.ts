import { describe, expect, it } from "vitest";
import { weeksInQuarter } from "../../src/domain/periods.js";
import { compileCircular } from "../../src/summaries/compile-circular.js";
import type { SummaryBlock } from "../../src/summaries/summary-document.js";
import { ankangInput, report } from "./summaries-fixture.js";

/** The paragraph right after the heading that starts with `prefix`. */
function sectionText(blocks: SummaryBlock[], prefix: string): string {
  const index = blocks.findIndex(
    (block) => block.kind === "heading" && block.text.startsWith(prefix),
  );
  const next = blocks[index + 1];
  if (index < 0 || next?.kind !== "paragraph") throw new Error(`no section ${prefix}`);
  return next.text;
}

describe("compileCircular", () => {
  it("counts an ISO week in the quarter of its Thursday: 2022-W26 (27 June–3 July) is Q2", () => {
    const q2 = weeksInQuarter("2022Q2").map((week) => week.id);
    expect(q2[0]).toBe("2022-W14"); // its Thursday is 7 April; 31 March (W13) is in Q1
    expect(q2.at(-1)).toBe("2022-W26");
    expect(weeksInQuarter("2022Q3").map((week) => week.id)[0]).toBe("2022-W27");
    const input = ankangInput();
    input.reports = [
      report({
        taskKey: "clean-soil",
        memberKey: "wu-lei",
        period: "2022-W26",
        values: { "soil-projects-submitted": "2" },
      }),
      report({
        taskKey: "clean-soil",
        memberKey: "wu-lei",
        period: "2022-W27",
        values: { "soil-projects-submitted": "5" },
      }),
    ];
    const q2Figure = compileCircular(input, { quarter: "2022Q2" }).tasks[2]?.figures[0];
    const q3Figure = compileCircular(input, { quarter: "2022Q3" }).tasks[2]?.figures[0];
    expect(q2Figure?.value).toBe("2");
    expect(q3Figure?.value).toBe("5");
  });

  it("has the reference's structure, in zh-CN", () => {
    const { document } = compileCircular(ankangInput(), { quarter: "2022Q2", number: 2 });
    expect(document.issuer).toBe("安康市生态环境局");
    expect(document.number).toBe("第2期");
    expect(document.title).toBe(
      "关于第二季度生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作开展情况的通报",
    );
    const kinds = document.blocks.map((block) =>
      block.kind === "heading" ? `h${block.level}:${block.text}` : block.kind,
    );
    expect(kinds.slice(0, 6)).toEqual([
      "addressees",
      "paragraph",
      "h1:一、主要成效",
      "h2:（一）整治工作全面部署",
      "paragraph",
      "h2:（二）问题整改扎实推进",
    ]);
    expect(kinds).toContain("h3:1.着力解决大气质量改善难度加大问题，打好蓝天保卫战。");
    expect(kinds.slice(-5)).toEqual([
      "h1:二、存在的主要问题及下一步打算",
      "paragraph",
      "paragraph",
      "signature",
      "copyTo",
    ]);
    expect(document.blocks[0]).toEqual({
      kind: "addressees",
      text: "各分局，局机关各科室、局属各单位：",
    });
    expect(document.blocks.at(-2)).toEqual({
      kind: "signature",
      issuer: "安康市生态环境局",
      date: "2022年6月30日",
    });
    expect(document.blocks.at(-1)).toEqual({ kind: "copyTo", text: "抄送：市纪委。" });
    expect(sectionText(document.blocks, "（一）")).toContain("明确污防科为责任牵头科室");
    expect(sectionText(document.blocks, "（一）")).toContain("等 6 项重点整治任务");
    expect(sectionText(document.blocks, "（一）")).toContain("陈建国、刘志强");
  });

  it("puts the reference figures in the right task sections", () => {
    const { document, tasks } = compileCircular(ankangInput(), { quarter: "2022Q2" });
    const air = sectionText(document.blocks, "1.");
    expect(air).toContain("共发现火点（黑斑）67处，下发白色督办单4份，交办扬尘问题9个");
    expect(air).toContain("1-6月中心城市空气质量优良天数170天");
    expect(air).toContain("PM2.5 平均浓度34微克/立方米，同比持平");
    expect(air).toMatch(
      /^一是加强秸秆禁烧管控.*。二是严格扬尘管控.*。三是积极推进烟花爆竹禁燃禁放禁售工作。/,
    );
    const water = sectionText(document.blocks, "2.");
    expect(water).toContain("城市水环境质量指数3.2640");
    expect(water).toContain("地表水水质优良率100%（目标100%，已达到）");
    expect(water).toContain("共印发水质快报6期");
    expect(sectionText(document.blocks, "4.")).toBe("本季度暂无报送。");
    const inspection = sectionText(document.blocks, "5.");
    expect(inspection).toContain("清运废弃矿渣5.11万方");
    expect(inspection).toContain("封堵污水矿洞11个");
    const governance = sectionText(document.blocks, "6.");
    expect(governance).toContain("开展非现场执法148次");
    expect(governance).toContain("处罚案件2起");
    expect(governance).toContain("完成领卡联网企业51家");
    expect(tasks.map((task) => task.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tasks[0]?.figures.find((figure) => figure.metricKey === "fire-points")?.text).toBe(
      "发现火点（黑斑）67处",
    );
  });

  it("leaves out a figure nobody reported instead of writing 0", () => {
    const { document, tasks } = compileCircular(ankangInput(), { quarter: "2022Q2" });
    const air = sectionText(document.blocks, "1.");
    // The fixture's task 1 has no value for this metric in any week.
    const unreported = tasks[0]?.figures.filter((figure) => figure.value === undefined) ?? [];
    expect(unreported).toEqual([]);
    const water = tasks[1]?.figures.find(
      (figure) => figure.metricKey === "drinking-water-compliance",
    );
    expect(water?.value).toBe("100");
    const input = ankangInput();
    input.reports = input.reports.filter((r) => !("firework-burning-cases" in r.values));
    const without = compileCircular(input, { quarter: "2022Q2" });
    const figure = without.tasks[0]?.figures.find((f) => f.metricKey === "firework-burning-cases");
    expect(figure?.value).toBeUndefined();
    expect(figure?.text).toBeUndefined();
    expect(sectionText(without.document.blocks, "1.")).not.toContain("烟花爆竹案件");
    expect(air).toContain("查处非法燃放烟花爆竹案件19起");
    expect(sectionText(without.document.blocks, "1.")).not.toMatch(/案件0起/);
  });

  it("merges the problems and next steps of the quarter's reports, latest wording kept", () => {
    const circular = compileCircular(ankangInput(), { quarter: "2022Q2" });
    expect(circular.problems).toEqual([
      "部分施工单位扬尘管控不到位、月河川道秸秆焚烧情况时有发生",
      "受高温天气等因素影响，湖库水质富营养化问题有所显现",
      "白石河、蒿坪河流域污染治理工作任务重、时间紧、资金缺口大，工作进展不平衡",
    ]);
    const blocks = circular.document.blocks;
    const problems = blocks.at(-4);
    expect(problems).toEqual({
      kind: "paragraph",
      text: "一是部分施工单位扬尘管控不到位、月河川道秸秆焚烧情况时有发生。二是受高温天气等因素影响，湖库水质富营养化问题有所显现。三是白石河、蒿坪河流域污染治理工作任务重、时间紧、资金缺口大，工作进展不平衡。",
    });
    expect(blocks.at(-3)).toEqual({
      kind: "paragraph",
      text: "下一步，持续推进大气环境质量改善。",
    });
  });

  it("lists the reports it was compiled from, submitted ones of the quarter only", () => {
    const circular = compileCircular(ankangInput(), { quarter: "2022Q2" });
    expect(circular.sourceReports).toContain("zhang-wei/blue-sky/2022-W24#1");
    expect(circular.sourceReports).not.toContain("zhou-jing/clear-water/2022-W24#1");
    expect(circular.sourceReports).toHaveLength(13);
  });

  it("builds the opening from the campaign without a preamble, and takes the date and number given", () => {
    const input = ankangInput();
    if (input.campaign.circular) delete input.campaign.circular.preamble;
    const circular = compileCircular(input, { quarter: "2022Q3", date: "2022-10-08" });
    expect(circular.document.number).toBeUndefined();
    expect(circular.document.blocks[1]).toEqual({
      kind: "paragraph",
      text: "按照《专项整治工作方案》要求，现将2022年第三季度生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作开展情况通报如下：",
    });
    expect(circular.document.title.startsWith("关于第三季度")).toBe(true);
    expect(circular.document.blocks.find((block) => block.kind === "signature")).toMatchObject({
      date: "2022年10月8日",
    });
    expect(
      circular.document.blocks.filter(
        (block) => block.kind === "paragraph" && block.text === "本季度暂无报送。",
      ),
    ).toHaveLength(6);
  });

  it("writes the same structure in English", () => {
    const { document } = compileCircular(ankangInput(), {
      quarter: "2022Q2",
      locale: "en",
      number: 2,
    });
    expect(document.locale).toBe("en");
    expect(document.number).toBe("No. 2");
    expect(document.title).toBe(
      "Circular on the progress of 生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作 in the second quarter of 2022",
    );
    const air = sectionText(document.blocks, "1.");
    expect(air).toMatch(/^First, .*\. Second, .*\. Third, /);
    expect(air).toContain("In total: 发现火点（黑斑） 67 处");
    expect(air).toContain("Year to date (months 1-6): ");
    expect(air).toContain("flat year on year");
    expect(document.blocks.at(-2)).toMatchObject({ date: "30 June 2022" });
    expect(document.blocks.at(-1)).toEqual({ kind: "copyTo", text: "Copy to: 市纪委." });
  });
  it("does not say twice what the campaign's description already says of the deployment", () => {
    const input = ankangInput();
    input.campaign.description =
      "以局主要领导为组长、分管领导为副组长的工作领导小组统筹推进，围绕解决大气和水环境质量改善等 6 项重点整治任务落实分工。";
    const text = sectionText(
      compileCircular(input, { quarter: "2022Q2" }).document.blocks,
      "（一）",
    );
    expect(text).toContain("明确污防科为责任牵头科室");
    expect(text.match(/领导小组/g)).toHaveLength(1);
    expect(text.match(/6 项重点整治任务/g)).toHaveLength(1);
  });
});
