import { describe, expect, it } from "vitest";
import type { FlowInput } from "../../src/reporting/report-flow.js";
import { Conversation } from "./report-flow-harness.js";

const T0 = Date.parse("2022-06-10T02:00:00Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const text = (body: string, ms: number, messageId?: string): FlowInput => ({
  kind: "text",
  text: body,
  at: at(ms),
  ...(messageId ? { messageId } : {}),
});

/** At the next-steps question of task 1. */
function atNextSteps(): Conversation {
  const chat = Conversation.atProblems(text("开展巡查", 0, "m1"));
  chat.tap("same");
  expect(chat.state.step).toBe("nextSteps");
  return chat;
}

describe("report flow: a long text the platform split into parts", () => {
  const part1 = "甲".repeat(4096);
  const part2 = "乙".repeat(4096);
  const part3 = "丙".repeat(808);

  it("joins parts arriving back to back into one answer, holding the replies for more", () => {
    const chat = atNextSteps();
    const first = chat.send(text(part1, 1_000));
    expect(first.delivery).toBe("hold");
    expect(chat.state.step).toBe("review");
    const second = chat.send(text(part2, 1_400));
    expect(second.delivery).toBe("replaceHeld");
    expect(second.effects).toEqual([{ kind: "saveDraft", taskIndex: 0 }]);
    const third = chat.send(text(part3, 1_700));
    expect(third.delivery).toBe("replaceHeld");
    expect(chat.state.answers[0]?.nextSteps).toBe(`${part1}\n${part2}\n${part3}`);
    expect(chat.said).toContain("第 3 段已接在上一条后面，这一项现在共 9002 字");
    // One message: the review card, with the long answer shortened and said to be whole.
    expect(third.replies).toHaveLength(1);
    expect(chat.said).toContain("共 9002 字，已完整保存");
    expect(chat.said.length).toBeLessThan(3000);
  });

  it("takes a message after the window, or after a short answer, as the next answer", () => {
    const late = atNextSteps();
    late.send(text(part1, 1_000));
    late.send(text("提交", 9_000));
    expect(late.result.effects.some((effect) => effect.kind === "submit")).toBe(true);
    expect(late.state.answers[0]?.nextSteps).toBe(part1);

    const short = atNextSteps();
    short.send(text("继续推进", 1_000));
    expect(short.result.delivery).toBeUndefined();
    short.send(text("乙乙乙", 1_200));
    expect(short.state.answers[0]?.nextSteps).toBe("继续推进");
    expect(short.said).toContain("请点下面的按钮");
  });

  it("adds the next part of a pasted list as more items", () => {
    const chat = new Conversation();
    const lines = Array.from({ length: 60 }, (_, index) => `${index + 1}. ${"巡查".repeat(30)}`);
    chat.send(text(lines.slice(0, 40).join("\n"), 0));
    chat.send(text(lines.slice(40).join("\n"), 500));
    expect(chat.state.answers[0]?.progressItems).toHaveLength(60);
    expect(chat.state.step).toBe("progress");
  });
});

describe("report flow: an edited message", () => {
  it("applies an edit of the latest answer, checked like the answer itself", () => {
    const chat = new Conversation();
    chat.send(text("开展巡查", 0, "m1"));
    chat.tap("done");
    chat.send(text("12处", 10_000, "m2"));
    expect(chat.state.step).toBe("metric");
    chat.send({ kind: "edited", text: "21处", messageId: "m2" });
    expect(chat.state.answers[0]?.metrics.fires).toEqual({ value: "21", raw: "21处" });
    expect(chat.said).toContain("已按您修改后的消息更新：火点数：21 处");
    expect(chat.result.effects).toEqual([{ kind: "saveDraft", taskIndex: 0 }]);
    expect(chat.state).toMatchObject({ step: "metric", metricIndex: 1 }); // still where it was

    chat.send({ kind: "edited", text: "二十一个", messageId: "m2" });
    expect(chat.said).toContain("修改后的消息没有采用");
    expect(chat.state.answers[0]?.metrics.fires).toEqual({ value: "21", raw: "21处" });
  });

  it("does not read an edit of an older message, and says how to correct", () => {
    const chat = new Conversation();
    chat.send(text("开展巡查", 0, "m1"));
    chat.tap("done");
    chat.send(text("12", 10_000, "m2"));
    chat.send({ kind: "edited", text: "调度断面", messageId: "m1" });
    expect(chat.said).toContain("我不会读取对已发送消息的修改");
    expect(chat.state.answers[0]?.progressItems).toEqual(["开展巡查"]);
    expect(chat.result.effects).toEqual([]);
  });

  it("replaces the items of an edited list message", () => {
    const chat = new Conversation();
    chat.send(text("一是开展巡查\n二是召开会议", 0, "m1"));
    chat.send({
      kind: "edited",
      text: "一是开展巡查暗访\n二是召开会议\n三是下发通报",
      messageId: "m1",
    });
    expect(chat.state.answers[0]?.progressItems).toEqual(["开展巡查暗访", "召开会议", "下发通报"]);
  });
});
