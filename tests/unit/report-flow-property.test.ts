import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { QuestionOverrides } from "../../src/campaigns/campaign-file-schema.js";
import type { ReportSnapshot } from "../../src/reporting/report-conversation-state.js";
import type { FlowContext, FlowInput } from "../../src/reporting/report-flow.js";
import { flowContext } from "../support/flow-context.js";
import { buttonData, Conversation, SNAPSHOT } from "./report-flow-harness.js";

const WORDS = [
  "",
  "  ",
  "完成",
  "好了",
  "done",
  "跳过",
  "skip",
  "无",
  "同上周",
  "67",
  "６７",
  "一百八十",
  "约180个",
  "3 4",
  "67处",
  "abc",
  "-0",
  "1e5",
  "受阻",
  "按计划推进",
  "On track",
  "1. 一\n2. 二\n\n3. 三",
  "一是\n二是",
  "巡".repeat(5000),
];

type Step =
  | { kind: "text"; text: string }
  | { kind: "tap"; index: number }
  | { kind: "data"; data: string }
  | { kind: "stale"; back: number; action: string }
  | { kind: "unsupported"; what: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("text"), text: fc.constantFrom(...WORDS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("text"), text: fc.string({ unit: "binary" }) }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("tap"), index: fc.nat(20) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("data"),
      data: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom("0|submit", "99999|done", "|")),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("stale"),
      back: fc.integer({ min: 1, max: 3 }),
      action: fc.constantFrom("submit", "done", "cancel", "st:blocked", "edit:m:0", "skip"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("unsupported"),
      what: fc.constantFrom("sticker", "photo", "voice"),
    }),
  },
);

const stepOverride = fc.record({ ask: fc.boolean(), optional: fc.boolean() }, { requiredKeys: [] });
const questions: fc.Arbitrary<QuestionOverrides> = fc.record(
  {
    progress: stepOverride,
    metrics: stepOverride,
    status: stepOverride,
    problems: stepOverride,
    nextSteps: stepOverride,
  },
  { requiredKeys: [] },
);

const snapshots: ReportSnapshot[] = [
  SNAPSHOT,
  { ...SNAPSHOT, tasks: SNAPSHOT.tasks.slice(1) },
  {
    ...SNAPSHOT,
    tasks: SNAPSHOT.tasks.map((task, index) => ({
      ...task,
      existing: {
        state: index === 0 ? "submitted" : "draft",
        answers: { progressItems: ["已有"], metrics: {}, health: "blocked" },
      },
    })),
  },
];

function toInput(chat: Conversation, item: Step): FlowInput {
  switch (item.kind) {
    case "text":
      return { kind: "text", text: item.text };
    case "tap": {
      const shown = buttonData(chat.result.replies);
      const data = shown[item.index % Math.max(shown.length, 1)];
      return data ? { kind: "choice", data } : { kind: "text", text: "完成" };
    }
    case "data":
      return { kind: "choice", data: item.data };
    case "stale":
      return {
        kind: "choice",
        data: `${Math.max(chat.state.nonce - item.back, 0)}|${item.action}`,
      };
    case "unsupported":
      return { kind: "unsupported", what: item.what };
  }
}

describe("report flow: any sequence of inputs", () => {
  it("never throws, always stores a valid state, and submits each task at most once", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...snapshots),
        fc.constantFrom<FlowContext["locale"]>("zh-CN", "en"),
        questions,
        fc.array(step, { minLength: 5, maxLength: 80, size: "max" }),
        (snapshot, locale, overrides, steps) => {
          const chat = new Conversation(snapshot, flowContext(locale, { questions: overrides }));
          const submitted = new Set<number>();
          let finished = false;
          for (const item of steps) {
            const wasClosed = chat.state.step === "closed";
            // The harness checks purity, determinism and the schema of every new state.
            const result = chat.send(toInput(chat, item));
            expect(result.replies.length).toBeGreaterThan(0);
            expect(chat.said).not.toMatch(/\breport\.[a-zA-Z]+\./);
            if (wasClosed) expect(result.effects).toEqual([]);
            for (const effect of result.effects) {
              expect(finished).toBe(false);
              if (effect.kind === "submit") {
                expect(submitted.has(effect.taskIndex)).toBe(false);
                submitted.add(effect.taskIndex);
              }
              if (effect.kind === "finished") {
                finished = true;
                // Each task is submitted, or was submitted before and confirmed unchanged.
                snapshot.tasks.forEach((task, index) => {
                  expect(submitted.has(index) || task.existing?.state === "submitted").toBe(true);
                });
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
