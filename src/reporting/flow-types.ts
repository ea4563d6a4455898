import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import type { Reply } from "../core/reply.js";
import type { Locale } from "../i18n/locales.js";
import type { ReportConversationState } from "./report-conversation-state.js";

/**
 * What the member did, as the report flow sees it. Commands (`/report`, `/cancel`) are
 * handled before the flow is called; `choice.data` is a button's data as sent.
 */
export type FlowInput =
  | { kind: "text"; text: string }
  | { kind: "choice"; data: string }
  | { kind: "unsupported"; what: string };

/**
 * Per-call settings: the member's language, the campaign's question overrides, and whether
 * the period's close has passed (a submission is then late, a correction a late one).
 */
export interface FlowContext {
  locale: Locale;
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

/** The outcome of a transition: the state to store, what to say, what to persist. */
export interface FlowResult {
  state: ReportConversationState;
  replies: Reply[];
  effects: FlowEffect[];
}
