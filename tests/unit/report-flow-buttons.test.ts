import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeFlowButton,
  encodeFlowButton,
  type FlowAction,
} from "../../src/reporting/flow-buttons.js";
import { progressItems, stripListMarker } from "../../src/reporting/progress-items.js";
import { ZReportConversationState } from "../../src/reporting/report-conversation-state.js";
import { startReportConversation } from "../../src/reporting/report-flow.js";
import { chineseOrdinal } from "../../src/reporting/review-card.js";
import { SNAPSHOT, ZH } from "./report-flow-harness.js";

const ACTIONS: FlowAction[] = [
  { kind: "done" },
  { kind: "skip" },
  { kind: "same" },
  { kind: "back" },
  { kind: "status", health: "on_track" },
  { kind: "status", health: "at_risk" },
  { kind: "status", health: "blocked" },
  { kind: "edit", target: { step: "progress" } },
  { kind: "edit", target: { step: "metric", metricIndex: 2 } },
  { kind: "edit", target: { step: "status" } },
  { kind: "edit", target: { step: "problems" } },
  { kind: "edit", target: { step: "nextSteps" } },
  { kind: "submit" },
  { kind: "cancel" },
];

describe("report flow buttons", () => {
  it("encodes the documented format", () => {
    expect(encodeFlowButton(7, { kind: "done" })).toBe("7|done");
    expect(encodeFlowButton(7, { kind: "status", health: "blocked" })).toBe("7|st:blocked");
    expect(encodeFlowButton(7, { kind: "edit", target: { step: "metric", metricIndex: 2 } })).toBe(
      "7|edit:m:2",
    );
    expect(encodeFlowButton(7, { kind: "submit" })).toBe("7|submit");
  });

  it("round-trips every action within 64 ASCII bytes", () => {
    for (const action of ACTIONS) {
      const data = encodeFlowButton(Number.MAX_SAFE_INTEGER, action);
      expect(data).toMatch(/^[\x20-\x7e]{1,64}$/);
      expect(decodeFlowButton(data)).toEqual({ nonce: Number.MAX_SAFE_INTEGER, action });
    }
  });

  it("rejects anything else without throwing", () => {
    for (const data of ["", "7", "7|", "|done", "x|done", "7|st:ok", "7|edit:x", "7|done|x"]) {
      expect(decodeFlowButton(data)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (data) => {
        const button = decodeFlowButton(data);
        if (button) expect(encodeFlowButton(button.nonce, button.action)).toBe(data);
      }),
    );
  });
});

describe("progress items", () => {
  it("strips the list markers people type", () => {
    for (const [typed, item] of [
      ["1. 巡查", "巡查"],
      ["12、巡查", "巡查"],
      ["(3) 巡查", "巡查"],
      ["（十）巡查", "巡查"],
      ["④巡查", "巡查"],
      ["一是巡查", "巡查"],
      ["十二是巡查", "巡查"],
      ["三、巡查", "巡查"],
      ["第一，巡查", "巡查"],
      ["- 巡查", "巡查"],
      ["• 巡查", "巡查"],
      ["1.5万吨", "1.5万吨"],
      ["十分重视", "十分重视"],
      ["2022年完成", "2022年完成"],
    ] as const) {
      expect(stripListMarker(typed)).toBe(item);
    }
  });

  it("splits only a first message into lines", () => {
    expect(progressItems("a\r\n\n  b  \n-\n", { multiLine: true })).toEqual(["a", "b"]);
    expect(progressItems("a\nb", { multiLine: false })).toEqual(["a\nb"]);
    expect(progressItems("-", { multiLine: false })).toEqual([]);
  });
});

describe("report conversation state", () => {
  it("writes 一是 … 二十三是 ordinals", () => {
    expect([1, 2, 10, 11, 20, 23, 99, 100].map(chineseOrdinal)).toEqual([
      "一",
      "二",
      "十",
      "十一",
      "二十",
      "二十三",
      "九十九",
      "100",
    ]);
  });

  it("rejects a stored state whose answers do not match its tasks", () => {
    const { state } = startReportConversation(SNAPSHOT, ZH);
    expect(ZReportConversationState.safeParse(state).success).toBe(true);
    const broken = { ...state, answers: state.answers.slice(1) };
    expect(ZReportConversationState.safeParse(broken).success).toBe(false);
    const badMetric = { ...state, step: "metric", metricIndex: 9 };
    expect(ZReportConversationState.safeParse(badMetric).success).toBe(false);
    expect(ZReportConversationState.safeParse({ ...state, flowVersion: 2 }).success).toBe(false);
  });

  it("survives a JSON round trip, as stored in Conversation.answers", () => {
    const { state } = startReportConversation(SNAPSHOT, ZH);
    const stored = JSON.parse(JSON.stringify(state)) as unknown;
    expect(ZReportConversationState.parse(stored)).toEqual(state);
  });
});
