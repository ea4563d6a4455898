import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import type { Reply } from "../core/reply.js";
import type { Locale } from "../i18n/locales.js";
import type { Translator } from "../i18n/translate.js";
import type { ReportConversationState } from "./report-conversation-state.js";

/**
 * What the member did, as the report flow sees it. Commands (`/report`, `/cancel`) are
 * handled before the flow is called; `choice.data` is a button's data as sent. `at` (ISO
 * instant) is when the text arrived, `messageId` the platform's id of the message: with them a
 * long text the platform split in parts is joined, and an edit of the last answer applied.
 * `edited` is a sent message the member changed afterwards.
 */
export type FlowInput =
  | { kind: "text"; text: string; at?: string; messageId?: string }
  | { kind: "edited"; text: string; messageId: string; at?: string }
  | { kind: "choice"; data: string }
  | { kind: "unsupported"; what: string };

/**
 * Per-call settings: the member's language, the translator to say things in it with, the
 * campaign's question overrides, and whether the period's close has passed (a submission is
 * then late, a correction a late one). The translator is passed in rather than imported so
 * the flow stays pure: every word it says comes through `translate`, nothing from disk.
 */
export interface FlowContext {
  /** Which language to speak, and how to format numbers and dates. */
  locale: Locale;
  /** `t` in the app; tests may pass a fake to see that no text bypasses it. */
  translate: Translator;
  questions?: QuestionOverrides;
  pastDeadline?: boolean;
}

/**
 * Work for the persistence layer, in order, in the same transaction as the new state.
 *
 * - `saveDraft`: answers of `snapshot.tasks[taskIndex]` changed; save them: as the draft
 *   report, or, when that task's report was submitted, as its pending correction.
 * - `submit`: write the task's answers as submitted (a new revision if it was submitted).
 * - `discardCorrection`: the member cancelled a correction; the submitted report stays.
 * - `finished`: every task is submitted; close the conversation.
 * - `cancelled`: the member cancelled; close the conversation, keep the draft.
 */
export type FlowEffect =
  | { kind: "saveDraft"; taskIndex: number }
  | { kind: "submit"; taskIndex: number }
  | { kind: "discardCorrection"; taskIndex: number }
  | { kind: "finished" }
  | { kind: "cancelled" };

/**
 * How the replies should go out: `hold` waits a moment before sending them, because more
 * parts of a long message may follow; `replaceHeld` drops the replies still held for the
 * previous part (this input continued it, and its replies say everything).
 */
export type FlowDelivery = "now" | "hold" | "replaceHeld";

/** The outcome of a transition: the state to store, what to say, what to persist. */
export interface FlowResult {
  state: ReportConversationState;
  replies: Reply[];
  effects: FlowEffect[];
  delivery?: FlowDelivery;
}
