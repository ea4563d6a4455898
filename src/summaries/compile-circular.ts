import { parseQuarterId, quarterRange, weeksInQuarter } from "../domain/periods.js";
import type { Locale } from "../i18n/locales.js";
import { aggregateMetric } from "./aggregate-metric.js";
import { mergeMeasures, splitItems } from "./merge-measures.js";
import type {
  CompiledCircular,
  CompiledFigure,
  CompiledTaskSection,
  SummaryBlock,
} from "./summary-document.js";
import type { SummaryInput, SummaryMetric, SummaryReport, SummaryTask } from "./summary-input.js";
import {
  joinWith,
  reportId,
  type Say,
  sayDate,
  sayIn,
  shortTitle,
  upperFirst,
  wordFigure,
} from "./summary-words.js";

/** Options of {@link compileCircular}. */
export interface CompileCircularOptions {
  /** `2022Q2`. */
  quarter: string;
  /** Default: the campaign's locale. */
  locale?: Locale;
  /** The issue number, once the circular is published ("第2期"). */
  number?: number;
  /** The date under the signature, `YYYY-MM-DD`; default the quarter's last day. */
  date?: string;
}

/**
 * Compiles the quarterly circular (通报) from the reports of the quarter's ISO weeks (a week
 * belongs to the quarter of its Thursday), in the form of the reference circular: addressees,
 * opening, 一、主要成效 with （一）the deployment (leadership group, lead office, the tasks) and
 * （二）one section per task (its merged measures "一是…二是…" and its figures: sums as
 * "共…", year-to-date figures as "1-6月…", 同比 and targets where the metric has them; a figure
 * nobody reported is left out), then 二、problems and next steps merged from the reports, the
 * signature and 抄送. Every word comes from `prompts/<locale>/summary.yaml`. Pure.
 *
 * @example compileCircular(input, { quarter: "2022Q2" }).document.title
 * // "关于第二季度…开展情况的通报"
 */
export function compileCircular(
  input: SummaryInput,
  options: CompileCircularOptions,
): CompiledCircular {
  const parsed = parseQuarterId(options.quarter);
  if (!parsed) throw new RangeError(`Not a quarter id (YYYYQn): ${options.quarter}`);
  const locale = options.locale ?? input.campaign.locale;
  const say = sayIn(locale);
  const weeks = new Set(weeksInQuarter(options.quarter).map((week) => week.id));
  const reports = input.reports.filter((report) => weeks.has(report.period));
  const submitted = reports.filter((report) => report.state === "submitted");
  const tasks = [...input.tasks].sort((a, b) => a.number - b.number);
  const { campaign } = input;
  const quarter = say("quarter", { quarter: String(parsed.quarter) });
  const sentences = (items: string[]): string =>
    items.reduce((first, next) => (first ? say("join.sentences", { first, next }) : next), "");

  const sections = tasks.map((task) => compileSection({ input, task, submitted, locale, say }));
  const problems = mergeMeasures(itemsOf(submitted, (report) => report.problems));
  const nextSteps = mergeMeasures(itemsOf(submitted, (report) => report.nextSteps));

  const blocks: SummaryBlock[] = [];
  if (campaign.circular) {
    blocks.push({
      kind: "addressees",
      text: say("circular.addressees", { addressees: campaign.circular.addressees }),
    });
  }
  blocks.push({
    kind: "paragraph",
    text:
      campaign.circular?.preamble ??
      say("circular.opening", { campaign: campaign.title, quarter, year: parsed.year }),
  });
  blocks.push({ kind: "heading", level: 1, text: say("circular.results") });
  blocks.push({ kind: "heading", level: 2, text: say("circular.deployment") });
  blocks.push({
    kind: "paragraph",
    text: deploymentParagraph(input, tasks, locale, say, sentences),
  });
  blocks.push({ kind: "heading", level: 2, text: say("circular.rectification") });
  for (const [index, section] of sections.entries()) {
    const task = tasks[index] as SummaryTask;
    blocks.push({ kind: "heading", level: 3, text: section.heading });
    blocks.push({
      kind: "paragraph",
      text: sectionParagraph(section, task, parsed.quarter, say, sentences),
    });
  }
  blocks.push({ kind: "heading", level: 1, text: say("circular.problemsHeading") });
  blocks.push({
    kind: "paragraph",
    text:
      problems.length === 0
        ? say("circular.noProblems")
        : sentences(
            problems.map((text, index) => say("circular.problem", enumerated(say, index, text))),
          ),
  });
  blocks.push({
    kind: "paragraph",
    text:
      nextSteps.length === 0
        ? say("circular.noNextSteps")
        : say("circular.nextSteps", { steps: joinWith(say, "semicolon", nextSteps) }),
  });
  blocks.push({
    kind: "signature",
    issuer:
      campaign.circular?.signature ??
      campaign.circular?.issuer ??
      campaign.leadUnitName ??
      campaign.title,
    date: sayDate(say, options.date ?? quarterRange(options.quarter).end),
  });
  const copyTo = campaign.circular?.copyTo ?? [];
  if (copyTo.length > 0) {
    blocks.push({
      kind: "copyTo",
      text: say("circular.copyTo", { names: joinWith(say, "clause", copyTo) }),
    });
  }

  return {
    campaignKey: campaign.key,
    quarter: options.quarter,
    document: {
      kind: "circular",
      locale,
      ...(campaign.circular ? { issuer: campaign.circular.issuer } : {}),
      ...(options.number !== undefined
        ? { number: say("circular.number", { number: options.number }) }
        : {}),
      title: say("circular.title", { quarter, campaign: campaign.title, year: parsed.year }),
      blocks,
    },
    tasks: sections,
    problems,
    nextSteps,
    sourceReports: submitted.map(reportId).sort(),
  };
}

interface SectionContext {
  input: SummaryInput;
  task: SummaryTask;
  submitted: SummaryReport[];
  locale: Locale;
  say: Say;
}

function compileSection({
  input,
  task,
  submitted,
  locale,
  say,
}: SectionContext): CompiledTaskSection {
  const own = submitted.filter((report) => report.taskKey === task.key);
  const measures = mergeMeasures(
    own.flatMap((report) =>
      report.progressItems.map((text) => ({
        text,
        period: report.period,
        memberKey: report.memberKey,
        submittedAt: report.submittedAt,
      })),
    ),
  );
  const figures = task.metrics.map((metric) =>
    wordFigure(say, aggregateMetric(metric, task, own, input.members, input.units), locale),
  );
  return {
    taskKey: task.key,
    number: task.number,
    heading: say("circular.taskHeading", { number: task.number, title: task.title }),
    measures,
    figures,
  };
}

function enumerated(say: Say, index: number, text: string): { numeral: string; text: string } {
  return { numeral: say("ordinal", { n: String(index + 1) }), text };
}

/** "一是…。二是…。" then the figures: "共…。", "1-6月…。", the rest. */
function sectionParagraph(
  section: CompiledTaskSection,
  ofTask: SummaryTask,
  quarter: number,
  say: Say,
  sentences: (items: string[]) => string,
): string {
  const reported = section.figures.filter((figure) => figure.text !== undefined);
  if (section.measures.length === 0 && reported.length === 0) return say("circular.noReports");
  const group = (figures: CompiledFigure[]): string =>
    joinWith(
      say,
      "clause",
      figures.map((figure) => figure.text ?? ""),
    );
  const measures = section.measures.map((text, index) =>
    say("circular.measure", enumerated(say, index, text)),
  );
  const parts = [...measures];
  const kinds = (figure: CompiledFigure) =>
    figureGroup(ofTask.metrics.find((metric) => metric.key === figure.metricKey));
  const totals = reported.filter((figure) => kinds(figure) === "totals");
  const yearToDate = reported.filter((figure) => kinds(figure) === "yearToDate");
  const others = reported.filter((figure) => kinds(figure) === "figures");
  if (totals.length > 0) parts.push(say("circular.totals", { figures: group(totals) }));
  if (yearToDate.length > 0) {
    parts.push(say("circular.yearToDate", { month: quarter * 3, figures: group(yearToDate) }));
  }
  if (others.length > 0) parts.push(say("circular.figures", { figures: group(others) }));
  return sentences(parts);
}

/** Sums over the quarter read "共…", year-to-date figures "1-6月…", the others as they are. */
function figureGroup(metric: SummaryMetric | undefined): "totals" | "yearToDate" | "figures" {
  if (metric?.span === "cumulative") return "yearToDate";
  return metric?.aggregation === "sum" ? "totals" : "figures";
}

function itemsOf(
  reports: SummaryReport[],
  pick: (report: SummaryReport) => string | undefined,
): { text: string; period: string; memberKey: string; submittedAt: string }[] {
  return reports.flatMap((report) =>
    splitItems(pick(report) ?? "").map((text) => ({
      text,
      period: report.period,
      memberKey: report.memberKey,
      submittedAt: report.submittedAt,
    })),
  );
}

/** （一）: the leadership group, the lead office, the tasks, the campaign's description. */
function deploymentParagraph(
  input: SummaryInput,
  tasks: SummaryTask[],
  locale: Locale,
  say: Say,
  sentences: (items: string[]) => string,
): string {
  const { campaign } = input;
  const clauses: string[] = [];
  if (campaign.leaderNames.length > 0) {
    clauses.push(
      say("circular.leadership", { leaders: joinWith(say, "list", campaign.leaderNames) }),
    );
  }
  if (campaign.leadUnitName)
    clauses.push(say("circular.leadUnit", { leadUnit: campaign.leadUnitName }));
  if (tasks.length > 0) {
    const named = tasks.slice(0, 3).map((task) => shortTitle(task.title));
    clauses.push(
      say("circular.taskCount", { tasks: joinWith(say, "list", named), count: tasks.length }),
    );
  }
  const parts: string[] = [];
  if (clauses.length > 0) {
    parts.push(
      say("circular.sentence", { text: upperFirst(joinWith(say, "clause", clauses), locale) }),
    );
  }
  const description = campaign.description?.trim();
  if (description) {
    parts.push(
      /[。.!！?？]$/u.test(description)
        ? description
        : say("circular.sentence", { text: description }),
    );
  }
  return sentences(parts);
}
