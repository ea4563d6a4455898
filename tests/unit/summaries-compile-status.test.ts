import { describe, expect, it } from "vitest";
import {
  compileDeadlines,
  compileMissing,
  compileStatusOverview,
  compileTaskStatus,
} from "../../src/summaries/compile-status.js";
import type { SummaryDocument } from "../../src/summaries/summary-document.js";
import { ankangInput } from "./summaries-fixture.js";

const input = ankangInput();
const all = new Set(input.tasks.map((task) => task.key));
const texts = (doc: SummaryDocument): string[] =>
  doc.blocks.flatMap((block) =>
    block.kind === "list" ? block.items : "text" in block ? [block.text] : [],
  );

describe("leaders' status views", () => {
  it("overview: lights, submission, latest status, quarter-to-date figures with arrows, overdue milestones", () => {
    const doc = compileStatusOverview(input, {
      week: "2022-W26",
      visibleTaskKeys: all,
      today: "2022-06-28",
      locale: "zh-CN",
    });
    const lines = texts(doc);
    expect(lines).toContain("🟡 1.着力解决大气质量改善难度加大问题，打好蓝天保卫战"); // at risk
    expect(lines).toContain("🔴 4.坚持系统思维深入谋划，积极稳妥推进“双碳”工作"); // overdue milestone
    expect(lines).toContain("🔴 5.督促责任主体抓好中央生态环保督察反馈问题整改"); // blocked
    expect(lines).toContain("最新状态：受阻（资金缺口大）");
    expect(lines).toContain("本季度累计：发现火点（黑斑）67处");
    expect(lines).toContain("最新：中心城市空气质量优良天数170天 ↑");
    expect(lines).toContain("本季度累计：开展非现场执法148次 ↓");
    expect(lines).toContain("逾期节点：完成 2019—2020 年温室气体排放清单编制");
    expect(lines).toContain("本周报送 1/2");
  });

  it("overview shows only the visible tasks, green when nothing is wrong", () => {
    const doc = compileStatusOverview(input, {
      week: "2022-W25",
      visibleTaskKeys: new Set(["clean-soil"]),
      today: "2022-06-21",
      locale: "en",
    });
    expect(doc.blocks[0]).toEqual({
      kind: "heading",
      level: 3,
      text: "🟢 3. 着力解决处理土壤污染治理成本过高问题，打好净土保卫战",
    });
    expect(doc.blocks.filter((block) => block.kind === "heading")).toHaveLength(1);
  });

  it("task status names the reports behind every figure", () => {
    const doc = compileTaskStatus(input, {
      taskKey: "blue-sky",
      week: "2022-W26",
      today: "2022-06-28",
      locale: "zh-CN",
    });
    const lines = texts(doc);
    expect(lines).toContain(
      "2022-W25：发现火点（黑斑）37处（来源：马晓东 2022-W25、张伟 2022-W25）",
    );
    expect(lines).toContain("2022-W26：中心城市空气质量优良天数170天（来源：张伟 2022-W26）");
    for (const line of lines.filter((text) => /^\d{4}-W\d\d：/.test(text)))
      expect(line).toContain("来源：");
    expect(lines).toContain(
      "张伟（2022-W26）：一是部分施工单位扬尘管控不到位、月河川道秸秆焚烧情况时有发生。",
    );
    expect(lines).toContain("已报：张伟、马晓东");
    expect(lines).toContain("未报：无");
  });

  it("missing: who owes which tasks, by unit", () => {
    const { missing, document } = compileMissing(input, {
      week: "2022-W25",
      visibleTaskKeys: all,
      locale: "zh-CN",
    });
    expect(missing).toEqual([
      { memberKey: "zhou-jing", memberName: "周静", unitName: "水生态环境科", taskNumbers: [2] },
      { memberKey: "zheng-li", memberName: "郑丽", unitName: "应对气候变化科", taskNumbers: [4] },
      { memberKey: "feng-gang", memberName: "冯刚", unitName: "督察整改办公室", taskNumbers: [5] },
      { memberKey: "huang-lei", memberName: "黄蕾", unitName: "旬阳分局", taskNumbers: [6] },
    ]);
    expect(texts(document)).toContain("共 4 人未报送。");
    const scoped = compileMissing(input, {
      week: "2022-W25",
      visibleTaskKeys: new Set(["clear-water"]),
      locale: "en",
    });
    expect(scoped.missing.map((person) => person.memberKey)).toEqual(["zhou-jing"]);
    expect(texts(scoped.document)).toContain("1 person has not reported.");
  });

  it("deadlines: open milestones and quarterly deadlines ahead, by date, with lights", () => {
    const doc = compileDeadlines(input, {
      today: "2022-06-21",
      visibleTaskKeys: all,
      locale: "zh-CN",
    });
    expect(texts(doc)).toEqual([
      "🔴 6月20日 第4项 完成 2019—2020 年温室气体排放清单编制（已逾期 1 天）",
      "🟡 6月24日 第二季度情况报送（季度报送截止，还有 3 天）",
      "🟢 7月1日 第2项 关庙污水处理厂完成施工图设计审查（还有 10 天）",
      "🟢 9月23日 第三季度情况报送（季度报送截止，还有 94 天）",
    ]);
    const narrow = compileDeadlines(input, {
      today: "2022-06-25",
      visibleTaskKeys: new Set(["clean-soil"]),
      locale: "zh-CN",
      warningDays: 3,
    });
    expect(texts(narrow)).toEqual(["🟢 9月23日 第三季度情况报送（季度报送截止，还有 90 天）"]);
  });
});
