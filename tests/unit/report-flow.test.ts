import { describe, expect, it } from "vitest";
import { Conversation, EN, SNAPSHOT } from "./report-flow-harness.js";

describe("report flow: a member with two tasks, start to finish", () => {
  it("collects, checks, edits and submits both tasks", () => {
    const chat = new Conversation();
    expect(chat.said).toContain("作风建设专项整治");
    expect(chat.said).toContain("共 2 项任务");
    expect(chat.said).toContain("6月13日（周一）9:00");
    expect(chat.said).toContain("第1项任务《打好蓝天保卫战》：本周做了哪些工作？");
    expect(chat.state).toMatchObject({ taskIndex: 0, step: "progress" });
    expect(chat.result.effects).toEqual([]);

    // Progress: a multi-line first message, list markers dropped, then one more item.
    chat.text("1. 开展秸秆禁烧巡查暗访\n二是严格扬尘管控\n\n• 推进烟花爆竹禁燃禁放");
    expect(chat.state.answers[0]?.progressItems).toEqual([
      "开展秸秆禁烧巡查暗访",
      "严格扬尘管控",
      "推进烟花爆竹禁燃禁放",
    ]);
    expect(chat.said).toContain("已记录 3 条");
    expect(chat.actions).toEqual(["done"]);
    expect(chat.result.effects).toEqual([{ kind: "saveDraft", taskIndex: 0 }]);
    chat.text("召开治霾工作领导小组会议\n部署扬尘污染防治");
    expect(chat.state.answers[0]?.progressItems).toHaveLength(4);
    expect(chat.state.answers[0]?.progressItems[3]).toBe(
      "召开治霾工作领导小组会议\n部署扬尘污染防治",
    );
    expect(chat.said).toContain("已记录第4条。");
    expect(chat.said).toContain("继续补充，或点“完成”。");
    chat.tap("done");

    // First metric, in 处, with last period's value; invalid answers are explained.
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 0 });
    expect(chat.said).toContain("火点数");
    expect(chat.said).toContain("上期为 67 处");
    expect(chat.actions).toEqual([]);
    chat.text("abc");
    expect(chat.said).toContain("没看懂这个数字");
    expect(chat.said).toContain("上期为 67 处");
    expect(chat.result.effects).toEqual([]);
    chat.text("3 4");
    expect(chat.said).toContain("不止一个数字");
    chat.text("６７");
    expect(chat.state.answers[0]?.metrics.fires).toEqual({ value: "67", raw: "６７" });
    expect(chat.said).toContain("已记录：67 处");
    expect(chat.result.effects).toEqual([{ kind: "saveDraft", taskIndex: 0 }]);

    // Second metric, in 个: "67处" is the wrong unit; it is optional, so it can be skipped.
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 1 });
    chat.text("67处");
    expect(chat.said).toContain("单位对不上");
    expect(chat.said).toContain("个");
    expect(chat.state.answers[0]?.metrics.issues).toBeUndefined();
    expect(chat.actions).toEqual(["skip"]);
    chat.tap("skip");
    expect(chat.state.answers[0]?.metrics.issues).toEqual({ skipped: true });

    // Status: blocked asks for the reason.
    expect(chat.state.step).toBe("status");
    expect(chat.actions).toEqual(["st:on_track", "st:at_risk", "st:blocked"]);
    expect(chat.said).toContain("上周为“按计划推进”");
    chat.tap("st:blocked");
    expect(chat.state.step).toBe("blockedReason");
    chat.text("   ");
    expect(chat.said).toContain("没有看得见的文字");
    chat.text("关庙污水处理厂施工许可尚未办结");
    expect(chat.state.answers[0]).toMatchObject({
      health: "blocked",
      blockedReason: "关庙污水处理厂施工许可尚未办结",
    });

    // Problems: same as last week, shown in the question.
    expect(chat.state.step).toBe("problems");
    expect(chat.said).toContain("上周填的是：部分县区巡查力量不足");
    expect(chat.actions).toEqual(["skip", "same"]);
    chat.tap("same");
    expect(chat.state.answers[0]?.problems).toBe("部分县区巡查力量不足");

    // Next steps: free text.
    expect(chat.state.step).toBe("nextSteps");
    chat.text("督促县区完成整改");
    expect(chat.state.step).toBe("review");

    // Review card: everything answered, numbered 一是…, with edit buttons per step.
    expect(chat.said).toContain("请核对第1项任务《打好蓝天保卫战》（2022-06-06 – 2022-06-12）");
    expect(chat.said).toContain(
      "一是开展秸秆禁烧巡查暗访\n二是严格扬尘管控\n三是推进烟花爆竹禁燃禁放",
    );
    expect(chat.said).toContain("火点数：67 处");
    expect(chat.said).toContain("交办问题：（未填，已跳过）");
    expect(chat.said).toContain("进展状态：受阻");
    expect(chat.said).toContain("受阻原因：关庙污水处理厂施工许可尚未办结");
    expect(chat.said).toContain("存在问题：部分县区巡查力量不足");
    expect(chat.said).toContain("下一步打算：督促县区完成整改");
    expect(chat.actions).toEqual([
      "edit:progress",
      "edit:m:0",
      "edit:m:1",
      "edit:status",
      "edit:problems",
      "edit:nextSteps",
      "submit",
      "cancel",
    ]);

    // An edit from the review card asks that one step, then returns to the card.
    chat.tap("edit:m:1");
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 1, returnToReview: true });
    expect(chat.actions).toEqual(["skip", "back"]);
    chat.text("一百八十");
    expect(chat.state.answers[0]?.metrics.issues).toEqual({ value: "180", raw: "一百八十" });
    expect(chat.state).toMatchObject({ step: "review", returnToReview: false });
    expect(chat.said).toContain("交办问题：180 个");

    // Submit, then the second task starts.
    chat.tap("submit");
    expect(chat.result.effects).toEqual([{ kind: "submit", taskIndex: 0 }]);
    expect(chat.said).toContain("已提交第1项任务《打好蓝天保卫战》（2022-06-06 – 2022-06-12）");
    expect(chat.said).toContain("6月13日（周一）9:00");
    expect(chat.said).toContain("第2项任务《打好碧水保卫战》：本周做了哪些工作？");
    expect(chat.state).toMatchObject({ taskIndex: 1, step: "progress" });

    chat.text("调度12个国考断面达标方案落实情况");
    chat.text("好了");
    chat.text("170");
    chat.tap("st:on_track");
    // No previous report for this task: no "same as last week".
    expect(chat.actions).toEqual(["skip"]);
    chat.tap("skip");
    chat.text("无");
    expect(chat.state.answers[1]).toEqual({
      progressItems: ["调度12个国考断面达标方案落实情况"],
      metrics: { days: { value: "170", raw: "170" } },
      health: "on_track",
      problems: null,
      nextSteps: null,
    });
    expect(chat.said).toContain("存在问题：无");
    chat.tap("submit");
    expect(chat.result.effects).toEqual([{ kind: "submit", taskIndex: 1 }, { kind: "finished" }]);
    expect(chat.said).toContain("本期 2 项任务已全部提交");
    expect(chat.state.step).toBe("closed");
    expect(chat.actions).toEqual([]);
  });

  it("speaks English when the member does", () => {
    const chat = new Conversation(SNAPSHOT, EN);
    expect(chat.said).toContain("Task 1, “打好蓝天保卫战”: what did you do this week?");
    chat.text("Patrolled straw burning\nInspected dust control");
    expect(chat.said).toContain("Got 2 items");
    chat.tap("done");
    chat.text("67 个");
    expect(chat.said).toContain("The unit does not match");
    chat.text("67");
    chat.tap("skip");
    chat.tap("st:at_risk");
    chat.tap("skip");
    chat.tap("same");
    expect(chat.said).toContain("1. Patrolled straw burning\n2. Inspected dust control");
    expect(chat.said).toContain("火点数: 67 处");
    expect(chat.said).toContain("Status: At risk");
    expect(chat.said).toContain("Problems: None");
    expect(chat.said).toContain("Next steps: 继续开展夏季督查巡查");
    chat.tap("submit");
    expect(chat.said).toContain("Submitted task 1");
    expect(chat.said).not.toMatch(/report\.\w+/);
  });

  it("says that an estimate counts as its number, keeping what was typed", () => {
    const chat = new Conversation();
    chat.text("开展秸秆禁烧巡查暗访");
    chat.tap("done");
    chat.text("180余处");
    expect(chat.state.answers[0]?.metrics.fires).toEqual({ value: "180", raw: "180余处" });
    expect(chat.said).toContain("已记录：180 处。“180余处”是约数，按 180 处计入统计");

    const english = new Conversation(SNAPSHOT, EN);
    english.text("Patrolled straw burning");
    english.tap("done");
    english.text("约67");
    expect(english.said).toContain(
      "Recorded: 67 处. “约67” is an estimate; totals count it as 67 处.",
    );
  });
});

describe("report flow: cancel", () => {
  it("keeps the draft and says how to resume", () => {
    const chat = new Conversation();
    chat.text("开展巡查");
    chat.tap("done");
    chat.text("5");
    chat.tap("skip");
    chat.tap("st:on_track");
    chat.tap("skip");
    chat.tap("skip");
    chat.tap("cancel");
    expect(chat.result.effects).toEqual([{ kind: "cancelled" }]);
    expect(chat.said).toContain("草稿");
    expect(chat.said).toContain("/report");
    expect(chat.state.step).toBe("closed");
    // The answers stay in the state for the persistence layer.
    expect(chat.state.answers[0]?.progressItems).toEqual(["开展巡查"]);
    // Anything after that changes nothing.
    chat.text("还有一条");
    expect(chat.said).toContain("/report");
    expect(chat.result.effects).toEqual([]);
  });
});
