import { describe, expect, it } from "vitest";
import { Conversation } from "./report-flow-harness.js";

/** Drives a fresh conversation to each step of the first task. */
const REACH: Record<string, (chat: Conversation) => void> = {
  progress: () => {},
  "progress (after an item)": (chat) => chat.text("开展巡查"),
  metric: (chat) => {
    chat.text("开展巡查");
    chat.tap("done");
  },
  "optional metric": (chat) => {
    REACH.metric?.(chat);
    chat.text("67");
  },
  status: (chat) => {
    REACH["optional metric"]?.(chat);
    chat.tap("skip");
  },
  blockedReason: (chat) => {
    REACH.status?.(chat);
    chat.tap("st:blocked");
  },
  problems: (chat) => {
    REACH.status?.(chat);
    chat.tap("st:on_track");
  },
  nextSteps: (chat) => {
    REACH.problems?.(chat);
    chat.tap("skip");
  },
  review: (chat) => {
    REACH.nextSteps?.(chat);
    chat.tap("skip");
  },
  "edit from review": (chat) => {
    REACH.review?.(chat);
    chat.tap("edit:problems");
  },
};

const BUTTON_ONLY = new Set(["status", "review"]);

describe.each(Object.keys(REACH))("report flow at %s", (name) => {
  const reach = (): Conversation => {
    const chat = new Conversation();
    REACH[name]?.(chat);
    return chat;
  };

  it("answers unsupported content with a hint and the same question and buttons", () => {
    const chat = reach();
    const [state, actions] = [chat.state, chat.actions];
    chat.unsupported("photo");
    expect(chat.state).toEqual(state);
    expect(chat.result.effects).toEqual([]);
    expect(chat.said).toContain("我只能读文字消息");
    expect(chat.actions).toEqual(actions);
  });

  it("re-asks on empty text", () => {
    const chat = reach();
    const [state, actions] = [chat.state, chat.actions];
    chat.text(" \n\t　");
    expect(chat.state).toEqual(state);
    expect(chat.result.effects).toEqual([]);
    expect(chat.said).toMatch(/没有看得见的文字|请点下面的按钮/);
    expect(chat.actions).toEqual(actions);
  });

  it("does nothing on a button of an older message, says so, and shows the question again", () => {
    const chat = reach();
    const [state, actions] = [chat.state, chat.actions];
    for (const action of ["submit", "done", "st:blocked", "skip", "cancel"]) {
      const data = `${state.nonce - 1}|${action}`;
      chat.choice(data);
      expect(chat.state).toEqual(state);
      expect(chat.result.effects).toEqual([]);
      if (data === state.handledButton) {
        // The button that brought the member here: a double tap, already done.
        expect(chat.said).toBe("已处理，请看最新消息。");
        continue;
      }
      expect(chat.said).toContain(
        action === "submit" ? "这次没有提交" : "这个按钮来自较早的消息，没有执行",
      );
      expect(chat.actions).toEqual(actions);
    }
  });

  it("ignores a button that does not belong here and repeats the question", () => {
    const chat = reach();
    const [state, actions] = [chat.state, chat.actions];
    const foreign = name === "review" ? "done" : "submit";
    for (const data of [`${state.nonce}|${foreign}`, "garbage", `${state.nonce}|edit:m:99`]) {
      chat.choice(data);
      expect(chat.state).toEqual(state);
      expect(chat.result.effects).toEqual([]);
      expect(chat.said).toContain("这个按钮已失效，请回答当前问题");
      expect(chat.actions).toEqual(actions);
    }
  });

  if (BUTTON_ONLY.has(name)) {
    it("re-asks with the buttons when text comes instead of a tap", () => {
      const chat = reach();
      const [state, actions] = [chat.state, chat.actions];
      chat.text("差不多吧");
      expect(chat.state).toEqual(state);
      expect(chat.result.effects).toEqual([]);
      expect(chat.said).toContain("请点下面的按钮");
      expect(chat.actions).toEqual(actions);
      expect(actions.length).toBeGreaterThan(0);
    });
  }
});

describe("report flow: progress", () => {
  it("drops list markers but keeps decimals and long items whole", () => {
    const chat = new Conversation();
    const long = "巡".repeat(5000);
    chat.text(`一、调度断面\n（2）公开水质\n③ 建设污水厂\n1.5万吨污水处理\n2、${long}\n-\n`);
    expect(chat.state.answers[0]?.progressItems).toEqual([
      "调度断面",
      "公开水质",
      "建设污水厂",
      "1.5万吨污水处理",
      long,
    ]);
    // The echo shows where the message was cut, not the whole long item again.
    expect(chat.said.length).toBeLessThan(400);
    expect(chat.said).toContain("5. 巡巡巡");
  });

  it("treats later messages as one item each, markers dropped", () => {
    const chat = new Conversation();
    chat.text("开展巡查");
    chat.text("二是严格扬尘管控\n下发督办单4份");
    expect(chat.state.answers[0]?.progressItems).toEqual([
      "开展巡查",
      "严格扬尘管控\n下发督办单4份",
    ]);
  });

  it("accepts typed done words, and refuses done without any item", () => {
    const chat = new Conversation();
    expect(chat.actions).toEqual([]);
    chat.text("完成");
    expect(chat.state.step).toBe("progress");
    expect(chat.said).toContain("至少要写一条");
    chat.text("开展巡查");
    chat.text("Done!");
    expect(chat.state.step).toBe("metric");
  });

  it("does not take an item that merely starts with a done word as done", () => {
    const chat = new Conversation();
    chat.text("完成巡查");
    expect(chat.state.answers[0]?.progressItems).toEqual(["完成巡查"]);
  });

  it("ignores a double-tapped done", () => {
    const chat = new Conversation();
    chat.text("开展巡查");
    const done = `${chat.state.nonce}|done`;
    chat.choice(done);
    const state = chat.state;
    chat.choice(done);
    expect(chat.state).toEqual(state);
    expect(chat.said).toBe("已处理，请看最新消息。");
  });

  it("lets a tap on an earlier copy of done work: acks keep the nonce", () => {
    const chat = new Conversation();
    chat.text("一");
    const first = `${chat.state.nonce}|done`;
    chat.text("二");
    chat.text("三");
    chat.choice(first);
    expect(chat.state.step).toBe("metric");
    expect(chat.state.answers[0]?.progressItems).toEqual(["一", "二", "三"]);
  });
});

describe("report flow: metrics", () => {
  it("explains each kind of refusal and keeps the re-ask's skip button", () => {
    const chat = new Conversation();
    REACH["optional metric"]?.(chat);
    for (const [text, why] of [
      ["很多", "没看懂这个数字"],
      ["3-5", "不止一个数字"],
      ["12处", "单位对不上：“交办问题”按个计"],
    ] as const) {
      chat.text(text);
      expect(chat.said).toContain(why);
      expect(chat.said).toContain("单位：个");
      expect(chat.actions).toEqual(["skip"]);
      expect(chat.result.effects).toEqual([]);
    }
    chat.text("约12个");
    expect(chat.state.answers[0]?.metrics.issues).toEqual({ value: "12", raw: "约12个" });
  });

  it("refuses to skip a required metric, typed or tapped", () => {
    const chat = new Conversation();
    REACH.metric?.(chat);
    chat.text("跳过");
    expect(chat.said).toContain("这一项必须填写");
    expect(chat.state.step).toBe("metric");
    chat.choice(`${chat.state.nonce}|skip`);
    expect(chat.said).toContain("这个按钮已失效");
    expect(chat.state.answers[0]?.metrics.fires).toBeUndefined();
  });

  it("skips an optional metric by text", () => {
    const chat = new Conversation();
    REACH["optional metric"]?.(chat);
    chat.text("跳过");
    expect(chat.state.answers[0]?.metrics.issues).toEqual({ skipped: true });
    expect(chat.state.step).toBe("status");
  });
});

describe("report flow: status, problems and next steps", () => {
  it("accepts a status typed as its label", () => {
    const chat = new Conversation();
    REACH.status?.(chat);
    chat.text("存在风险");
    expect(chat.state.answers[0]?.health).toBe("at_risk");
    expect(chat.state.step).toBe("problems");
  });

  it("requires a reason when blocked", () => {
    const chat = new Conversation();
    REACH.blockedReason?.(chat);
    expect(chat.actions).toEqual([]);
    chat.choice(`${chat.state.nonce}|skip`);
    expect(chat.state.step).toBe("blockedReason");
    chat.text("资金未到位");
    expect(chat.state.answers[0]?.blockedReason).toBe("资金未到位");
  });

  it("understands typed none and same-as-last-week", () => {
    const chat = new Conversation();
    REACH.problems?.(chat);
    chat.text("同上周");
    expect(chat.state.answers[0]?.problems).toBe("部分县区巡查力量不足");
    chat.text("暂无");
    expect(chat.state.answers[0]?.nextSteps).toBeNull();
    expect(chat.state.step).toBe("review");
  });

  it("does not store same-as-last-week when there was nothing last week", () => {
    const chat = new Conversation();
    REACH.problems?.(chat);
    chat.tap("skip");
    chat.tap("skip");
    chat.tap("submit");
    chat.text("调度断面");
    chat.text("完成");
    chat.text("170");
    chat.tap("st:on_track");
    chat.text("同上周");
    expect(chat.said).toContain("上周没有填写这一项");
    expect(chat.state.step).toBe("problems");
    expect(chat.state.answers[1]?.problems).toBeUndefined();
  });

  it("keeps free text whole", () => {
    const chat = new Conversation();
    REACH.problems?.(chat);
    const text = `个别县区巡查不到位。\n${"问题".repeat(3000)}`;
    chat.text(text);
    expect(chat.state.answers[0]?.problems).toBe(text);
  });
});
