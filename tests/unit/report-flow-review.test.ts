import { describe, expect, it } from "vitest";
import type {
  ReportSnapshot,
  SnapshotTask,
  TaskAnswers,
} from "../../src/reporting/report-conversation-state.js";
import { reportFlowTransition, startReportConversation } from "../../src/reporting/report-flow.js";
import { flowContext } from "../support/flow-context.js";
import { Conversation, SNAPSHOT, ZH } from "./report-flow-harness.js";

const FULL: TaskAnswers = {
  progressItems: ["开展秸秆禁烧巡查", "严格扬尘管控"],
  metrics: { fires: { value: "67", raw: "67处" }, issues: { skipped: true } },
  health: "blocked",
  blockedReason: "资金未到位",
  problems: "巡查力量不足",
  nextSteps: null,
};

function withExisting(existing: SnapshotTask["existing"], index = 0): ReportSnapshot {
  const snapshot = structuredClone(SNAPSHOT);
  const task = snapshot.tasks[index];
  if (task && existing) task.existing = existing;
  return snapshot;
}

/** The snapshot /edit makes of a submitted first task: that task alone. */
function asEdited(existing: SnapshotTask["existing"]): ReportSnapshot {
  const snapshot = withExisting(existing);
  return { ...snapshot, tasks: snapshot.tasks.slice(0, 1) };
}

/** A conversation on the review card of the first task, all answered. */
function atReview(): Conversation {
  const chat = new Conversation(withExisting({ state: "draft", answers: FULL }));
  expect(chat.state.step).toBe("review");
  return chat;
}

describe("report flow: editing from the review card", () => {
  it("keeps the progress items when an edit is left unchanged", () => {
    const chat = atReview();
    chat.tap("edit:progress");
    expect(chat.said).toContain("替换原来的 2 条");
    expect(chat.actions).toEqual(["back"]);
    chat.tap("back");
    expect(chat.state.step).toBe("review");
    expect(chat.state.answers[0]?.progressItems).toEqual(FULL.progressItems);
  });

  it("replaces the progress items with the new ones", () => {
    const chat = atReview();
    chat.tap("edit:progress");
    const keep = `${chat.state.nonce}|back`;
    chat.text("一是调度断面\n二是公开水质");
    expect(chat.state.answers[0]?.progressItems).toEqual(["调度断面", "公开水质"]);
    // The "keep as is" button has gone stale with the first new item.
    chat.choice(keep);
    expect(chat.said).toContain("没有执行");
    expect(chat.result.effects).toEqual([]);
    expect(chat.state.answers[0]?.progressItems).toEqual(["调度断面", "公开水质"]);
    chat.choice(`${chat.state.nonce}|done`);
    expect(chat.state).toMatchObject({ step: "review", returnToReview: false });
    expect(chat.said).toContain("一是调度断面\n二是公开水质");
  });

  it("asks for a reason when the status is changed to blocked, and drops it otherwise", () => {
    const snapshot = withExisting({ state: "draft", answers: { ...FULL, health: "on_track" } });
    const { blockedReason: _reason, ...withoutReason } = FULL;
    const draft = snapshot.tasks[0];
    if (draft?.existing) draft.existing.answers = { ...withoutReason, health: "on_track" };
    const chat = new Conversation(snapshot);
    chat.tap("edit:status");
    expect(chat.actions).toEqual(["st:on_track", "st:at_risk", "st:blocked", "back"]);
    chat.tap("st:blocked");
    expect(chat.state).toMatchObject({ step: "blockedReason", returnToReview: true });
    expect(chat.actions).toEqual([]);
    chat.text("审批未完成");
    expect(chat.state.step).toBe("review");
    expect(chat.said).toContain("受阻原因：审批未完成");
    chat.tap("edit:status");
    chat.tap("st:at_risk");
    expect(chat.state.step).toBe("review");
    expect(chat.state.answers[0]?.blockedReason).toBeUndefined();
    expect(chat.said).not.toContain("受阻原因");
  });

  it("can keep the old reason when blocked is chosen again", () => {
    const chat = atReview();
    chat.tap("edit:status");
    chat.tap("st:blocked");
    expect(chat.actions).toEqual(["back"]);
    chat.tap("back");
    expect(chat.state.answers[0]).toMatchObject({ health: "blocked", blockedReason: "资金未到位" });
  });

  it("edits problems and next steps, with none and same-as-last-week", () => {
    const chat = atReview();
    chat.tap("edit:nextSteps");
    expect(chat.actions).toEqual(["skip", "same", "back"]);
    chat.tap("same");
    expect(chat.said).toContain("下一步打算：继续开展夏季督查巡查");
    chat.tap("edit:problems");
    chat.tap("skip");
    expect(chat.said).toContain("已更新");
    expect(chat.said).toContain("存在问题：无");
  });

  it("submits once when Submit is double-tapped", () => {
    const chat = atReview();
    const submit = `${chat.state.nonce}|submit`;
    chat.choice(submit);
    expect(chat.result.effects).toEqual([{ kind: "submit", taskIndex: 0 }]);
    chat.choice(submit);
    expect(chat.result.effects).toEqual([]);
    expect(chat.said).toBe("已处理，请看最新消息。");
    expect(chat.state.taskIndex).toBe(1);
  });

  it("does not submit while a required answer is missing, and asks it", () => {
    const { metrics: _metrics, ...rest } = FULL;
    const chat = new Conversation(
      asEdited({ state: "submitted", answers: { ...rest, metrics: {} } }),
    );
    expect(chat.state.step).toBe("review");
    expect(chat.said).toContain("火点数：（未填）");
    chat.tap("submit");
    expect(chat.result.effects).toEqual([]);
    expect(chat.said).toContain("提交前还差这一项没填");
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 0, returnToReview: true });
    chat.text("12");
    chat.tap("submit");
    expect(chat.result.effects).toContainEqual({ kind: "submit", taskIndex: 0 });
  });
});

describe("report flow: resuming", () => {
  it("opens a submitted report on its review card, keeps each change as its pending correction, and drops it on cancel", () => {
    const chat = new Conversation(asEdited({ state: "submitted", answers: FULL }));
    expect(chat.said).toContain("本期已经提交过");
    expect(chat.said).toContain("一是开展秸秆禁烧巡查\n二是严格扬尘管控");
    expect(chat.said).toContain("火点数：67 处");
    chat.tap("edit:m:0");
    chat.text("70");
    // Saved at once (as the submitted report's pending correction), so a pause loses nothing.
    expect(chat.result.effects).toEqual([{ kind: "saveDraft", taskIndex: 0 }]);
    expect(chat.state.answers[0]?.metrics.fires).toEqual({ value: "70", raw: "70" });
    chat.tap("cancel");
    expect(chat.result.effects).toEqual([
      { kind: "discardCorrection", taskIndex: 0 },
      { kind: "cancelled" },
    ]);
    expect(chat.said).toContain("之前提交的内容保持不变");
  });

  it("resumes a pending correction on the review card, and submits it as a correction", () => {
    const correction = { ...FULL, metrics: { ...FULL.metrics, fires: { value: "70", raw: "70" } } };
    const chat = new Conversation(asEdited({ state: "submitted", answers: FULL, correction }));
    expect(chat.said).toContain("有修改还没提交");
    expect(chat.said).toContain("火点数：70 处");
    chat.tap("submit");
    expect(chat.result.effects[0]).toEqual({ kind: "submit", taskIndex: 0 });
    expect(chat.said).toContain("已更新第1项任务");
  });

  it("makes no revision when a submitted report is submitted again unchanged", () => {
    const chat = new Conversation(asEdited({ state: "submitted", answers: FULL }));
    chat.tap("submit");
    expect(chat.result.effects.filter((effect) => effect.kind === "submit")).toEqual([]);
    expect(chat.said).toContain("没有改动，之前提交的内容保持不变");
    // Changed and changed back is no change either; the pending copy is dropped.
    const back = new Conversation(asEdited({ state: "submitted", answers: FULL }));
    back.tap("edit:m:0");
    back.text("70");
    back.tap("edit:m:0");
    back.text("67处");
    back.tap("submit");
    expect(back.result.effects[0]).toEqual({ kind: "discardCorrection", taskIndex: 0 });
    expect(back.said).toContain("没有改动");
  });

  it("says after the close that a first submission is late and a correction a late correction", () => {
    const late = flowContext("zh-CN", { pastDeadline: true });
    const draft = new Conversation(withExisting({ state: "draft", answers: FULL }), late);
    expect(draft.said).toContain("已于 6月13日（周一）9:00 截止，现在提交会记为迟报");
    draft.tap("submit");
    expect(draft.said).toContain("这次记为迟报");
    expect(draft.said).not.toContain("在此之前如需修改");
    const snapshot = asEdited({ state: "submitted", answers: FULL });
    const second = snapshot.tasks[1];
    if (second) second.existing = { state: "submitted", answers: FULL };
    const correction = new Conversation(snapshot, late);
    expect(correction.said).toContain("现在修改会记为截止后更正，原来按时提交的记录不变");
    correction.tap("edit:m:0");
    correction.text("70");
    correction.tap("submit");
    expect(correction.said).toContain("这次修改记为截止后更正");
    expect(correction.said).not.toContain("在此之前");
  });

  it("resumes a draft at its first unanswered step", () => {
    const answers: TaskAnswers = {
      progressItems: ["开展巡查"],
      metrics: { fires: { value: "67", raw: "67" } },
    };
    const chat = new Conversation(withExisting({ state: "draft", answers }));
    expect(chat.said).toContain("接着上次的草稿");
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 1 });
    chat.text("3");
    expect(chat.result.effects).toEqual([{ kind: "saveDraft", taskIndex: 0 }]);
    expect(chat.state.step).toBe("status");
  });

  it("goes on with the first task not submitted, past a submitted one, resuming its draft", () => {
    const snapshot = withExisting(
      { state: "draft", answers: { progressItems: ["调度断面"], metrics: {} } },
      1,
    );
    const first = snapshot.tasks[0];
    if (first) first.existing = { state: "submitted", answers: FULL };
    const chat = new Conversation(snapshot);
    expect(chat.said).not.toContain("本期已经提交过");
    expect(chat.said).toContain("接着上次的草稿，继续填写第2项任务《打好碧水保卫战》");
    expect(chat.state).toMatchObject({ taskIndex: 1, step: "metric", metricIndex: 0 });
  });

  it("opens a submitted task with a change not yet submitted, to finish that change", () => {
    const snapshot = withExisting({
      state: "submitted",
      answers: FULL,
      correction: { ...FULL, progressItems: ["改过的一条"] },
    });
    const chat = new Conversation(snapshot);
    expect(chat.state).toMatchObject({ taskIndex: 0, step: "review" });
    expect(chat.said).toContain("改过的一条");
  });

  it("copes with a snapshot without tasks", () => {
    const chat = new Conversation({ ...SNAPSHOT, tasks: [] });
    expect(chat.said).toContain("没有需要你填报的任务");
    expect(chat.result.effects).toEqual([{ kind: "finished" }]);
    chat.text("hello");
    expect(chat.said).toContain("/report");
  });
});

describe("report flow: a new conversation after an earlier one", () => {
  it("continues the nonces, so buttons of the earlier conversation are stale", () => {
    const earlier = new Conversation();
    const oldDone = `${earlier.state.nonce}|done`;
    earlier.text("开展巡查");
    const next = startReportConversation(SNAPSHOT, ZH, { firstNonce: earlier.state.nonce + 1 });
    expect(next.state.nonce).toBe(earlier.state.nonce + 1);
    const tapped = reportFlowTransition(next.state, { kind: "choice", data: oldDone }, ZH);
    expect(tapped.state).toEqual(next.state);
    expect(tapped.effects).toEqual([]);
    expect(startReportConversation(SNAPSHOT, ZH).state.nonce).toBe(1);
  });
});
