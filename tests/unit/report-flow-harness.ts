import { expect } from "vitest";
import { plainText, type Reply } from "../../src/core/reply.js";
import {
  type ReportConversationState,
  type ReportSnapshot,
  ZReportConversationState,
} from "../../src/reporting/report-conversation-state.js";
import type { FlowContext, FlowInput, FlowResult } from "../../src/reporting/report-flow.js";
import { reportFlowTransition, startReportConversation } from "../../src/reporting/report-flow.js";
import { flowContext } from "../support/flow-context.js";

/** Two tasks as in the reference circular: the first with two metrics, one optional. */
export const SNAPSHOT: ReportSnapshot = {
  campaignId: "campaign-1",
  campaignTitle: "作风建设专项整治",
  period: "2022-W23",
  periodLabel: "2022-06-06 – 2022-06-12",
  deadline: "6月13日（周一）9:00",
  tasks: [
    {
      taskId: "task-1",
      number: 1,
      title: "打好蓝天保卫战",
      metrics: [
        { metricId: "fires", name: "火点数", unit: "处", optional: false, lastValue: "67" },
        { metricId: "issues", name: "交办问题", unit: "个", optional: true },
      ],
      previous: {
        progressItems: ["开展秸秆禁烧巡查"],
        health: "on_track",
        problems: "部分县区巡查力量不足",
        nextSteps: "继续开展夏季督查巡查",
      },
    },
    {
      taskId: "task-2",
      number: 2,
      title: "打好碧水保卫战",
      metrics: [{ metricId: "days", name: "优良天数", unit: "天", optional: false }],
    },
  ],
};

export const ZH: FlowContext = flowContext("zh-CN");
export const EN: FlowContext = flowContext("en");

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The text of every message reply, joined. */
export function repliesText(replies: readonly Reply[]): string {
  return replies
    .map((reply) => (reply.kind === "file" ? reply.fileName : plainText(reply.text)))
    .join("\n---\n");
}

/** Every button's data in the replies, in order. */
export function buttonData(replies: readonly Reply[]): string[] {
  return replies.flatMap((reply) =>
    reply.kind === "message" ? (reply.buttons ?? []).flat().map((button) => button.data) : [],
  );
}

/**
 * Plays a member through the flow. Every transition runs on a deep-frozen state (so a
 * mutation throws), twice (so the result must be the same), and its new state must
 * validate against the stored schema and keep button data ASCII and ≤ 64 bytes.
 */
export class Conversation {
  result: FlowResult;

  constructor(
    snapshot: ReportSnapshot = SNAPSHOT,
    readonly context: FlowContext = ZH,
  ) {
    this.result = startReportConversation(structuredClone(snapshot), context);
    Conversation.check(this.result);
  }

  static check(result: FlowResult): void {
    ZReportConversationState.parse(result.state);
    for (const data of buttonData(result.replies)) {
      expect(data).toMatch(/^[\x20-\x7e]{1,64}$/);
    }
  }

  get state(): ReportConversationState {
    return this.result.state;
  }

  /** The text of the last replies. */
  get said(): string {
    return repliesText(this.result.replies);
  }

  /** Button data of the last replies, with the nonce stripped: ["done"], ["st:on_track", …]. */
  get actions(): string[] {
    return buttonData(this.result.replies).map((data) => data.replace(/^\d+\|/, ""));
  }

  send(input: FlowInput): FlowResult {
    const before = structuredClone(this.state);
    const frozen = deepFreeze(structuredClone(this.state));
    const result = reportFlowTransition(frozen, input, this.context);
    expect(reportFlowTransition(frozen, input, this.context)).toEqual(result);
    expect(frozen).toEqual(before);
    Conversation.check(result);
    this.result = result;
    return result;
  }

  text(text: string): FlowResult {
    return this.send({ kind: "text", text });
  }

  /** Taps the shown button whose action is `action`; fails when no such button is shown. */
  tap(action: string): FlowResult {
    const data = buttonData(this.result.replies).find((item) => item.endsWith(`|${action}`));
    expect(data, `a "${action}" button in ${JSON.stringify(this.actions)}`).toBeDefined();
    return this.send({ kind: "choice", data: data ?? "" });
  }

  /** Sends raw button data (a stale, forged or foreign button). */
  choice(data: string): FlowResult {
    return this.send({ kind: "choice", data });
  }

  unsupported(what = "sticker"): FlowResult {
    return this.send({ kind: "unsupported", what });
  }

  /**
   * A conversation on the default snapshot, answered up to the problems question of task 1
   * (one progress item, the first metric, the optional one skipped, on track); `first` is the
   * progress message, so a test can give it a time and a message id.
   */
  static atProblems(first: FlowInput = { kind: "text", text: "开展巡查" }): Conversation {
    const chat = new Conversation();
    chat.send(first);
    chat.tap("done");
    chat.text("67");
    chat.tap("skip");
    chat.tap("st:on_track");
    expect(chat.state.step).toBe("problems");
    return chat;
  }
}
