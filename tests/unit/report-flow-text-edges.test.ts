import { describe, expect, it } from "vitest";
import { Conversation } from "./report-flow-harness.js";

/** At the problems step of task 1 (progress, both metrics and the status answered). */
function atProblems(): Conversation {
  const chat = new Conversation();
  chat.text("开展巡查");
  chat.tap("done");
  chat.text("67");
  chat.tap("skip");
  chat.tap("st:on_track");
  expect(chat.state.step).toBe("problems");
  return chat;
}

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
