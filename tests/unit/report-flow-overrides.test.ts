import { describe, expect, it } from "vitest";
import { Conversation, EN, SNAPSHOT, ZH } from "./report-flow-harness.js";

describe("report flow: the campaign's question overrides", () => {
  it("skips a step the campaign turns off, in the flow and on the review card", () => {
    const chat = new Conversation(SNAPSHOT, { ...ZH, questions: { progress: { ask: false } } });
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 0 });
    chat.text("67");
    chat.tap("skip");
    chat.tap("st:on_track");
    chat.tap("skip");
    chat.tap("skip");
    expect(chat.state.step).toBe("review");
    expect(chat.said).not.toContain("本周工作");
    expect(chat.actions).not.toContain("edit:progress");
    chat.tap("submit");
    expect(chat.result.effects).toEqual([{ kind: "submit", taskIndex: 0 }]);
  });

  it("leaves out metrics, status, problems and next steps when turned off", () => {
    const questions = {
      metrics: { ask: false },
      status: { ask: false },
      problems: { ask: false },
      nextSteps: { ask: false },
    };
    const chat = new Conversation(SNAPSHOT, { ...ZH, questions });
    chat.text("开展巡查");
    chat.tap("done");
    expect(chat.state.step).toBe("review");
    expect(chat.actions).toEqual(["edit:progress", "submit", "cancel"]);
    expect(chat.said).not.toContain("火点数");
    expect(chat.said).not.toContain("进展状态");
  });

  it("uses the campaign's wording, with placeholders, for that locale only", () => {
    const questions = {
      progress: { text: { "zh-CN": "{title}：这周干了啥？" } },
      metrics: { text: { "zh-CN": "{metric}（{unit}）多少？", en: "{metric} in {unit}?" } },
    };
    const zh = new Conversation(SNAPSHOT, { ...ZH, questions });
    expect(zh.said).toContain("打好蓝天保卫战：这周干了啥？");
    zh.text("开展巡查");
    zh.tap("done");
    expect(zh.said).toContain("火点数（处）多少？");
    expect(zh.said).toContain("上期为 67 处");
    const en = new Conversation(SNAPSHOT, { ...EN, questions });
    expect(en.said).toContain("what did you do this week?");
    en.text("Patrols");
    en.tap("done");
    expect(en.said).toContain("火点数 in 处?");
  });

  it("makes progress optional: done with no items moves on", () => {
    const chat = new Conversation(SNAPSHOT, { ...ZH, questions: { progress: { optional: true } } });
    expect(chat.actions).toEqual(["done"]);
    expect(chat.said).toContain("本周无进展");
    chat.tap("done");
    expect(chat.state.step).toBe("metric");
    expect(chat.state.answers[0]?.progressItems).toEqual([]);
  });

  it("makes every metric and the status optional", () => {
    const questions = { metrics: { optional: true }, status: { optional: true } };
    const chat = new Conversation(SNAPSHOT, { ...ZH, questions });
    chat.text("开展巡查");
    chat.tap("done");
    expect(chat.actions).toEqual(["skip"]);
    chat.tap("skip");
    chat.tap("skip");
    expect(chat.actions).toEqual(["st:on_track", "st:at_risk", "st:blocked", "skip"]);
    chat.tap("skip");
    expect(chat.state.answers[0]?.health).toBeUndefined();
    expect(chat.state.step).toBe("problems");
  });

  it("makes problems required: no none button, and none typed is text", () => {
    const chat = new Conversation(SNAPSHOT, {
      ...ZH,
      questions: { problems: { optional: false } },
    });
    chat.text("开展巡查");
    chat.tap("done");
    chat.text("67");
    chat.tap("skip");
    chat.tap("st:on_track");
    expect(chat.actions).toEqual(["same"]);
    chat.text("无");
    expect(chat.state.answers[0]?.problems).toBe("无");
  });
});
