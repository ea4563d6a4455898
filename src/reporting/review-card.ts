import type { ButtonRows, Reply, ReplyButton, RichText } from "../core/reply.js";
import type { Locale } from "../i18n/locales.js";
import type { Translator } from "../i18n/translate.js";
import { encodeFlowButton, type FlowAction } from "./flow-buttons.js";
import type { FlowContext } from "./flow-types.js";
import { formatQuantity } from "./format-quantity.js";
import type { ReportConversationState, TaskAnswers } from "./report-conversation-state.js";
import { stepRules } from "./report-steps.js";

/** Button labels stay short enough for a phone's width; the card shows the full name. */
const LABEL_LIMIT = 16;

const CHINESE_DIGITS = "零一二三四五六七八九";

/** 1 → 一, 12 → 十二, 23 → 二十三; from 100 on, Arabic digits (no report has that many). */
export function chineseOrdinal(n: number): string {
  if (n < 1 || n >= 100 || !Number.isInteger(n)) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensText = tens === 0 ? "" : `${tens === 1 ? "" : CHINESE_DIGITS[tens]}十`;
  return `${tensText}${ones === 0 ? "" : CHINESE_DIGITS[ones]}`;
}

function ordinal(locale: Locale, n: number): string {
  return locale === "zh-CN" ? chineseOrdinal(n) : String(n);
}

function shortLabel(text: string): string {
  const chars = [...text];
  return chars.length > LABEL_LIMIT ? `${chars.slice(0, LABEL_LIMIT - 1).join("")}…` : text;
}

/** Answers up to this many characters are shown whole on the card. */
const CARD_TEXT_LIMIT = 500;
/** How much of a longer answer the card shows, before saying it is kept whole. */
const CARD_GLIMPSE = 200;

/**
 * A long answer shortened for the card, which must stay one readable message; the card says
 * how long the answer is and that all of it is saved, so nothing looks lost.
 */
function cardText(translate: Translator, locale: Locale, text: string): string {
  const chars = [...text];
  if (chars.length <= CARD_TEXT_LIMIT) return text;
  const glimpse = chars.slice(0, CARD_GLIMPSE).join("");
  return `${glimpse}…${translate(locale, "report.review.shortened", { length: chars.length })}`;
}

/** Text answers: `null` was answered "none", absent was never asked. */
function textValue(
  translate: Translator,
  locale: Locale,
  value: string | null | undefined,
): string {
  if (value === null) return translate(locale, "report.review.none");
  if (value === undefined || value.trim() === "") {
    return translate(locale, "report.review.notAnswered");
  }
  return cardText(translate, locale, value);
}

/**
 * The review card of the current task: every answer (progress numbered 一是…二是… in
 * Chinese, 1. 2. in English; each metric with its unit; status; problems; next steps), an
 * edit button per step, then Submit and Cancel. Steps the campaign turned off are left out.
 */
export function reviewCard(
  state: ReportConversationState,
  context: FlowContext,
  lead: readonly string[] = [],
): Reply {
  const { locale, translate } = context;
  const say = (key: string, params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const task = state.snapshot.tasks[state.taskIndex];
  const answers: TaskAnswers = state.answers[state.taskIndex] ?? { progressItems: [], metrics: {} };
  const rules = stepRules(context.questions);
  const button = (label: string, action: FlowAction): ReplyButton => ({
    label,
    data: encodeFlowButton(state.nonce, action),
  });
  const edit = (label: string, action: FlowAction) =>
    button(say("report.button.edit", { item: shortLabel(label) }), action);
  const line = (label: string, value: string) => say("report.review.line", { label, value });

  const text: RichText = [];
  if (lead.length > 0) text.push({ text: `${lead.join("\n")}\n\n` });
  text.push({
    text: say("report.review.title", {
      number: task?.number ?? state.taskIndex + 1,
      title: task?.title ?? "",
      period: state.snapshot.periodLabel,
    }),
    style: "bold",
  });
  const body: string[] = [];
  const edits: ReplyButton[] = [];

  if (rules.ask.progress) {
    const label = say("report.review.progress");
    const items = answers.progressItems.map((item, index) =>
      say("report.review.item", {
        ordinal: ordinal(locale, index + 1),
        text: cardText(translate, locale, item),
      }),
    );
    body.push(line(label, items.length > 0 ? "" : say("report.review.none")).trimEnd());
    body.push(...items);
    edits.push(edit(label, { kind: "edit", target: { step: "progress" } }));
  }
  if (rules.ask.metrics) {
    task?.metrics.forEach((metric, metricIndex) => {
      const answer = answers.metrics[metric.metricId];
      const value =
        answer === undefined
          ? say("report.review.notAnswered")
          : "skipped" in answer
            ? say("report.review.skipped")
            : formatQuantity(answer.value, metric.unit);
      body.push(line(metric.name, value));
      edits.push(edit(metric.name, { kind: "edit", target: { step: "metric", metricIndex } }));
    });
  }
  if (rules.ask.status) {
    const label = say("report.review.status");
    const health = answers.health;
    body.push(
      line(label, health ? say(`report.health.${health}`) : say("report.review.notAnswered")),
    );
    if (health === "blocked") {
      body.push(
        line(
          say("report.review.blockedReason"),
          textValue(translate, locale, answers.blockedReason),
        ),
      );
    }
    edits.push(edit(label, { kind: "edit", target: { step: "status" } }));
  }
  for (const step of ["problems", "nextSteps"] as const) {
    if (!rules.ask[step]) continue;
    const label = say(`report.review.${step}`);
    body.push(line(label, textValue(translate, locale, answers[step])));
    edits.push(edit(label, { kind: "edit", target: { step } }));
  }

  if (body.length > 0) text.push({ text: `\n\n${body.join("\n")}` });
  text.push({ text: `\n\n${say("report.review.footer")}` });

  const buttons: ButtonRows = [];
  for (let index = 0; index < edits.length; index += 2) buttons.push(edits.slice(index, index + 2));
  buttons.push([
    button(say("report.button.submit"), { kind: "submit" }),
    button(say("report.button.cancel"), { kind: "cancel" }),
  ]);
  return { kind: "message", text, buttons };
}
