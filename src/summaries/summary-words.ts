import { parseCalendarDate, zonedParts } from "../domain/periods.js";
import type { Locale } from "../i18n/locales.js";
import { type PromptParams, t } from "../i18n/translate.js";
import type { AggregatedFigure } from "./aggregate-metric.js";
import type { CompiledFigure, FigureSource } from "./summary-document.js";

/**
 * Wording shared by the compilers: every word comes from `prompts/<locale>/summary.yaml`;
 * this module only picks the key and the parameters.
 */
export type Say = (key: string, params?: PromptParams) => string;

/** A translator bound to a locale, for keys of the `summary` namespace. */
export function sayIn(locale: Locale): Say {
  return (key, params) => t(locale, `summary.${key}`, params);
}

/** Items joined the way the locale joins clauses (，), enumerations (、) or sentences (；). */
export function joinWith(say: Say, kind: "clause" | "list" | "semicolon", items: string[]): string {
  return items.join(say(`join.${kind}`));
}

/** A calendar date as the locale writes it in full ("2022年6月30日") or short ("6月30日"). */
export function sayDate(say: Say, date: string, style: "long" | "short" = "long"): string {
  const parts = parseCalendarDate(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${date}`);
  return say(style === "long" ? "date" : "shortDate", parts);
}

/** An instant as date and minute in the campaign's zone ("6月27日 15:30"). */
export function sayDateTime(say: Say, instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return say("dateTime", { month: parts.month, day: parts.day, time: parts.time.slice(0, 5) });
}

/** The first letter upper-cased (for English sentences that start with a clause). */
export function upperFirst(text: string, locale: Locale): string {
  const [first = "", ...rest] = [...text];
  return first.toLocaleUpperCase(locale) + rest.join("");
}

/** A unit as it follows a number: "处", "%" or, in English, " days". */
export function unitAfterNumber(unit: string | undefined, locale: Locale): string {
  if (!unit) return "";
  return locale === "en" && unit !== "%" ? ` ${unit}` : unit;
}

/** "发现火点（黑斑）67处", with 同比 and the target when the figure has them. */
export function sayFigure(
  say: Say,
  figure: AggregatedFigure,
  locale: Locale,
  options: { target?: boolean } = {},
): string {
  const unit = unitAfterNumber(figure.unit, locale);
  let text = say("figure.value", { name: figure.name, value: figure.display ?? "", unit });
  if (figure.yearOnYear)
    text = say("figure.yearOnYear", { figure: text, trend: figure.yearOnYear });
  const target = options.target === false ? undefined : targetNote(say, figure, locale);
  return target === undefined ? text : withNotes(say, text, [target]);
}

/** "目标100%，已达到" of a figure with a target and a direction, else undefined. */
export function targetNote(say: Say, figure: AggregatedFigure, locale: Locale): string | undefined {
  if (figure.target === undefined || figure.meetsTarget === undefined) return undefined;
  return say("figure.targetNote", {
    target: figure.target,
    unit: unitAfterNumber(figure.unit, locale),
    met: figure.meetsTarget ? "yes" : "no",
  });
}

/** Notes after a figure in one bracket: "…100%（目标100%，已达到；上周98%）". */
export function withNotes(say: Say, text: string, notes: readonly string[]): string {
  return notes.length === 0
    ? text
    : say("figure.notes", { figure: text, notes: joinWith(say, "semicolon", [...notes]) });
}

/** The figure with its wording, as the documents carry it. */
export function wordFigure(say: Say, figure: AggregatedFigure, locale: Locale): CompiledFigure {
  return figure.value === undefined
    ? { ...figure }
    : { ...figure, text: sayFigure(say, figure, locale) };
}

/** "（来源：张伟 2022-W25、李娜 2022-W25）" after a figure. */
export function withSources(say: Say, text: string, sources: FigureSource[]): string {
  const names = sources.map((source) =>
    say("figure.source", { member: source.memberName, week: source.period }),
  );
  return names.length === 0
    ? text
    : say("figure.sources", { figure: text, sources: joinWith(say, "list", names) });
}

/** A task's title without its lead-in: "打好蓝天保卫战" of "着力解决…问题，打好蓝天保卫战". */
export function shortTitle(title: string): string {
  const parts = title
    .split(/[，,]/)
    .map((part) => part.trim())
    .filter(Boolean);
  return parts[parts.length - 1] ?? title;
}

/** The report id compiled documents cite: `${memberKey}/${taskKey}/${period}#${revision}`. */
export function reportId(report: {
  memberKey: string;
  taskKey: string;
  period: string;
  revision: number;
}): string {
  return `${report.memberKey}/${report.taskKey}/${report.period}#${report.revision}`;
}
