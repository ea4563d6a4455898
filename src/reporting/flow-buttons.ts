import { TASK_HEALTH, type TaskHealth } from "./report-conversation-state.js";

/**
 * Button data of the report flow: `<nonce>|<action>`, ASCII, under 60 characters, so every
 * platform sends it as it is (Telegram's adapter would have to store data over 64 bytes).
 * The nonce is the state's when the button was shown, so a stale or double-tapped button is
 * recognised and ignored.
 *
 * | action | data |
 * |---|---|
 * | progress done | `7|done` |
 * | skip an optional step / answer "none" | `7|skip` |
 * | same as last week | `7|same` |
 * | leave an edited step unchanged | `7|back` |
 * | status | `7|st:on_track`, `7|st:at_risk`, `7|st:blocked` |
 * | edit from the review card | `7|edit:progress`, `7|edit:m:2`, `7|edit:status`, `7|edit:problems`, `7|edit:nextSteps` |
 * | submit, cancel | `7|submit`, `7|cancel` |
 */

/** A step the review card can send the member back to. */
export type EditTarget =
  | { step: "progress" }
  | { step: "metric"; metricIndex: number }
  | { step: "status" }
  | { step: "problems" }
  | { step: "nextSteps" };

/** What a report-flow button asks for. */
export type FlowAction =
  | { kind: "done" }
  | { kind: "skip" }
  | { kind: "same" }
  | { kind: "back" }
  | { kind: "status"; health: TaskHealth }
  | { kind: "edit"; target: EditTarget }
  | { kind: "submit" }
  | { kind: "cancel" };

/** A decoded button: the nonce it was shown with and its action. */
export interface FlowButton {
  nonce: number;
  action: FlowAction;
}

const SIMPLE_ACTIONS = ["done", "skip", "same", "back", "submit", "cancel"] as const;
type SimpleAction = (typeof SIMPLE_ACTIONS)[number];
const EDIT_STEPS = ["progress", "status", "problems", "nextSteps"] as const;

function actionCode(action: FlowAction): string {
  switch (action.kind) {
    case "status":
      return `st:${action.health}`;
    case "edit":
      return action.target.step === "metric"
        ? `edit:m:${action.target.metricIndex}`
        : `edit:${action.target.step}`;
    default:
      return action.kind;
  }
}

/**
 * The data of a button showing `action` under a message sent at `nonce`.
 *
 * @example encodeFlowButton(7, { kind: "edit", target: { step: "metric", metricIndex: 2 } }) // "7|edit:m:2"
 */
export function encodeFlowButton(nonce: number, action: FlowAction): string {
  return `${nonce}|${actionCode(action)}`;
}

function parseAction(code: string): FlowAction | undefined {
  if ((SIMPLE_ACTIONS as readonly string[]).includes(code)) {
    return { kind: code as SimpleAction };
  }
  const status = /^st:(\w+)$/.exec(code)?.[1];
  if (status !== undefined) {
    const health = TASK_HEALTH.find((value) => value === status);
    return health ? { kind: "status", health } : undefined;
  }
  const metric = /^edit:m:(0|[1-9]\d{0,3})$/.exec(code)?.[1];
  if (metric !== undefined) {
    return { kind: "edit", target: { step: "metric", metricIndex: Number(metric) } };
  }
  const step = /^edit:(\w+)$/.exec(code)?.[1];
  const editStep = EDIT_STEPS.find((value) => value === step);
  return editStep ? { kind: "edit", target: { step: editStep } } : undefined;
}

/**
 * Reads button data written by {@link encodeFlowButton}; `undefined` for anything else
 * (another flow's button, a forged or truncated payload), never an exception.
 *
 * @example decodeFlowButton("7|st:blocked") // { nonce: 7, action: { kind: "status", health: "blocked" } }
 */
export function decodeFlowButton(data: string): FlowButton | undefined {
  const match = /^(0|[1-9]\d{0,15})\|([\w:]{1,40})$/.exec(data);
  if (!match?.[1] || !match[2]) return undefined;
  const nonce = Number(match[1]);
  const action = parseAction(match[2]);
  return action && Number.isSafeInteger(nonce) ? { nonce, action } : undefined;
}
