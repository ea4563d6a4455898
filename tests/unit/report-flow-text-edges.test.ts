import { describe, expect, it } from "vitest";
import { Conversation } from "./report-flow-harness.js";

const atProblems = () => Conversation.atProblems();

describe("report flow: text that shows nothing, or only punctuation", () => {
  it("records no progress item from a zero-width space, and says the message showed nothing", () => {
    const chat = new Conversation();
    for (const blank of ["\u200B", "\u200B\u200B\n\uFEFF", "\u3164"]) {
      chat.text(blank);
      expect(chat.state.answers[0]?.progressItems).toEqual([]);
      expect(chat.result.effects).toEqual([]);
      expect(chat.said).toContain("没有看得见的文字");
    }
  });

  it("answers a dash alone at a required step with what is missing, not 'no text received'", () => {
    const chat = new Conversation();
    chat.text("—");
    expect(chat.said).toContain("只收到了“—”，没有具体内容");
    expect(chat.state.answers[0]?.progressItems).toEqual([]);
  });

  it("drops separator lines and invisible edges from a pasted list", () => {
    const chat = new Conversation();
    chat.text("\u200B一是开展巡查\n——\n二是召开推进会\uFEFF");
    expect(chat.state.answers[0]?.progressItems).toEqual(["开展巡查", "召开推进会"]);
  });

  it("reads a dash or slash at an optional step as 'none'", () => {
    for (const mark of ["—", "/", "——", "－"]) {
      const chat = atProblems();
      chat.text(mark);
      expect(chat.state.answers[0]?.problems, mark).toBeNull();
      expect(chat.state.step).toBe("nextSteps");
    }
  });

  it("asks again for a blocked reason of only punctuation", () => {
    const chat = new Conversation();
    chat.text("开展巡查");
    chat.tap("done");
    chat.text("67");
    chat.tap("skip");
    chat.tap("st:blocked");
    chat.text("？？");
    expect(chat.state.step).toBe("blockedReason");
    expect(chat.said).toContain("只收到了“？？”");
    chat.text("\u200B资金缺口大\u200B");
    expect(chat.state.answers[0]?.blockedReason).toBe("资金缺口大");
  });
});

describe("report flow: figures the metric does not allow", () => {
  it("asks again, before submitting, for a figure an older draft holds that cannot be stored", async () => {
    const { SNAPSHOT } = await import("./report-flow-harness.js");
    const snapshot = structuredClone(SNAPSHOT);
    const task = snapshot.tasks[0];
    if (!task) throw new Error("no task");
    task.metrics = task.metrics.map((metric) => ({ ...metric, kind: "count" as const }));
    task.existing = {
      state: "draft",
      answers: {
        progressItems: ["开展巡查"],
        metrics: {
          fires: { value: "1234567890123456789", raw: "1234567890123456789" },
          issues: { skipped: true },
        },
        health: "on_track",
        problems: null,
        nextSteps: null,
      },
    };
    const chat = new Conversation(snapshot);
    expect(chat.state.step).toBe("review");
    chat.tap("submit");
    expect(chat.result.effects.some((effect) => effect.kind === "submit")).toBe(false);
    expect(chat.said).toContain("提交前需要重填这一项");
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 0 });
    chat.text("-3");
    expect(chat.said).toContain("不能是负数");
    chat.text("12");
    chat.tap("submit");
    expect(chat.result.effects.some((effect) => effect.kind === "submit")).toBe(true);
  });
});
