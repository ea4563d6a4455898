import type { Locale } from "../i18n/locales.js";

/**
 * A compiled digest or circular, fully worded in its locale: what every renderer (Telegram
 * HTML, Slack Block Kit, Markdown, DOCX) lays out, each in its own way, without changing a
 * word. Compilers decide the wording; renderers only the typography.
 */
export interface SummaryDocument {
  kind: "digest" | "circular";
  locale: Locale;
  /** 发文机关标志 of a circular ("安康市生态环境局"); absent on a digest. */
  issuer?: string;
  /** "第2期" / "No. 2", once a publication has been issued. */
  number?: string;
  title: string;
  blocks: SummaryBlock[];
}

/**
 * Levels follow GB/T 9704's numbering: 1 "一、" (黑体), 2 "（一）" (楷体), 3 "1." (仿宋, bold).
 * `addressees` is 主送机关 (flush left, ends with "："); `signature` the issuer and date at the
 * end; `copyTo` 抄送 under a rule at the foot of the last page; `note` a line set apart
 * (a digest's "updated" line).
 */
export type SummaryBlock =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "addressees"; text: string }
  | { kind: "signature"; issuer: string; date: string }
  | { kind: "copyTo"; text: string }
  | { kind: "note"; text: string };

/** Where a figure came from: whose report, which week. */
export interface FigureSource {
  memberKey: string;
  memberName: string;
  period: string;
}

/** One metric's figure for a period, as a leader reads it and as a test checks it. */
export interface CompiledFigure {
  metricKey: string;
  name: string;
  /** The aggregated value, exact (decimal string), or undefined when nobody reported it. */
  value?: string;
  /** The value as shown ("67", "3.2640", "5.11"). */
  display?: string;
  unit?: string;
  /** The wording in the document, e.g. "发现火点（黑斑）67处". */
  text?: string;
  target?: string;
  /** Met / not met when there is a target and a direction. */
  meetsTarget?: boolean;
  /** Against `baseline`: 同比持平 / 上升 / 下降. */
  yearOnYear?: "flat" | "up" | "down";
  /** The figure by the reporters' units, for digests ("其中A区x个、B区y个"). */
  byUnit: { unitKey: string; unitName: string; value: string; display: string }[];
  sources: FigureSource[];
}

/** One task's section of a circular: its measures and figures, with where they came from. */
export interface CompiledTaskSection {
  taskKey: string;
  number: number;
  heading: string;
  /** Measures merged from the weekly items: duplicates removed, latest wording kept, in order. */
  measures: string[];
  figures: CompiledFigure[];
}

/** A compiled quarterly circular: the document and, for checks and traceability, its parts. */
export interface CompiledCircular {
  campaignKey: string;
  quarter: string;
  document: SummaryDocument;
  tasks: CompiledTaskSection[];
  problems: string[];
  nextSteps: string[];
  /** The reports it was compiled from: `${memberKey}/${taskKey}/${period}#${revision}`. */
  sourceReports: string[];
}

/** A compiled weekly digest. */
export interface CompiledDigest {
  campaignKey: string;
  week: string;
  document: SummaryDocument;
  submission: {
    expected: number;
    submitted: number;
    late: number;
    skipped: number;
    missing: number;
  };
  byUnit: {
    unitKey: string;
    unitName: string;
    expected: number;
    submitted: number;
    missing: string[];
  }[];
  figures: { taskKey: string; figures: CompiledFigure[] }[];
  sourceReports: string[];
}
