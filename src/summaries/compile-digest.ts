import { isoWeekRange, parseIsoWeekId, previousIsoWeek, zonedParts } from "../domain/periods.js";
import type { Locale } from "../i18n/locales.js";
import { type AggregatedFigure, aggregateMetric } from "./aggregate-metric.js";
import { compareDecimals } from "./decimal.js";
import type { CompiledDigest, CompiledFigure, SummaryBlock } from "./summary-document.js";
import type { SummaryInput, SummaryReport, SummaryTask } from "./summary-input.js";
import {
  joinWith,
  reportId,
  type Say,
  sayDate,
  sayDateTime,
  sayFigure,
  sayIn,
  shortTitle,
  targetNote,
  unitAfterNumber,
  withNotes,
} from "./summary-words.js";
import {
  dueParams,
  lightSymbol,
  openMilestones,
  sayHealth,
  submissionRate,
  weekSubmission,
} from "./week-submission.js";

/** Options of {@link compileDigest}. */
export interface CompileDigestOptions {
  /** ISO week, `2022-W26`. */
  week: string;
  /** Default: the campaign's locale. */
  locale?: Locale;
  /** When it is compiled: "today" for milestones, in the campaign's zone. */
  now: Date;
  /** Set when a digest is compiled again after late reports or corrections came in. */
  updatedAt?: Date;
}

/** Milestones due within this many days are listed (overdue ones always). */
const DIGEST_WARNING_DAYS = 7;

/**
 * Compiles the weekly digest (督办周报) of `week`: the submission rate overall and by unit;
 * each task's figures of the week with their breakdown by unit ("共发现火点12处，其中…") and
 * last week's figure and the target where there are; status changes against the previous
 * week's reports (the input should hold that week too) and new blockers with their reasons;
 * milestones overdue or due within 7 days, with 🟢🟡🔴 lights; who has not reported, by unit;
 * and, when `updatedAt` is given, a closing note that the digest was updated. Pure.
 */
export function compileDigest(input: SummaryInput, options: CompileDigestOptions): CompiledDigest {
  const parsed = parseIsoWeekId(options.week);
  if (!parsed) throw new RangeError(`Not an ISO week id (YYYY-Www): ${options.week}`);
  const locale = options.locale ?? input.campaign.locale;
  const say = sayIn(locale);
  const { campaign } = input;
  const range = isoWeekRange(options.week);
  const previousWeek = previousIsoWeek(options.week);
  const tasks = [...input.tasks].sort((a, b) => a.number - b.number);
  const today = zonedParts(options.now, campaign.timeZone).date;
  const taskNumber = new Map(tasks.map((task) => [task.key, task.number]));
  const memberName = new Map(input.members.map((member) => [member.key, member.name]));
  const memberUnit = new Map(input.members.map((member) => [member.key, member.unitKey]));

  const statuses = weekSubmission(input, options.week);
  const submission = {
    expected: statuses.length,
    submitted: statuses.filter((status) => status.status === "submitted").length,
    late: statuses.filter((status) => status.status === "submitted" && status.late).length,
    skipped: statuses.filter((status) => status.status === "skipped").length,
    missing: statuses.filter((status) => status.status === "missing").length,
  };
  const byUnit = input.units.flatMap((unit) => {
    const own = statuses.filter((status) => memberUnit.get(status.memberKey) === unit.key);
    if (own.length === 0) return [];
    const missing = [
      ...new Set(
        own
          .filter((status) => status.status === "missing")
          .map((status) => memberName.get(status.memberKey) ?? status.memberKey),
      ),
    ];
    const submitted = own.filter((status) => status.status === "submitted").length;
    return [{ unitKey: unit.key, unitName: unit.name, expected: own.length, submitted, missing }];
  });

  const blocks: SummaryBlock[] = [
    {
      kind: "paragraph",
      text: say("digest.range", {
        start: sayDate(say, range.start, "short"),
        end: sayDate(say, range.end, "short"),
      }),
    },
    { kind: "heading", level: 1, text: say("digest.submissionHeading") },
    {
      kind: "paragraph",
      text: say("digest.submission", { ...submission, rate: submissionRate(statuses) }),
    },
  ];
  if (byUnit.length > 0) {
    blocks.push({
      kind: "list",
      items: byUnit.map((unit) =>
        unit.missing.length > 0
          ? say("digest.unitLineMissing", {
              unit: unit.unitName,
              expected: unit.expected,
              submitted: unit.submitted,
              names: joinWith(say, "list", unit.missing),
            })
          : say("digest.unitLine", {
              unit: unit.unitName,
              expected: unit.expected,
              submitted: unit.submitted,
            }),
      ),
    });
  }

  const weekReports = input.reports.filter((report) => report.period === options.week);
  const previousReports = input.reports.filter((report) => report.period === previousWeek);
  const figures = tasks.map((task) => ({
    taskKey: task.key,
    figures: weekFigures({ input, task, weekReports, previousReports, locale, say }),
  }));
  blocks.push({ kind: "heading", level: 1, text: say("digest.figuresHeading") });
  const figureLines = figures.flatMap(({ taskKey, figures: list }) => {
    const task = tasks.find((candidate) => candidate.key === taskKey) as SummaryTask;
    const worded = list.flatMap((figure) => (figure.text ? [figure.text] : []));
    if (worded.length === 0) return [];
    return [
      say("digest.taskFigures", {
        number: task.number,
        title: shortTitle(task.title),
        figures: joinWith(say, "semicolon", worded),
      }),
    ];
  });
  blocks.push(
    figureLines.length > 0
      ? { kind: "list", items: figureLines }
      : { kind: "paragraph", text: say("digest.noFigures") },
  );

  blocks.push({ kind: "heading", level: 1, text: say("digest.healthHeading") });
  const healthLines = healthChanges({ weekReports, previousReports, taskNumber, memberName, say });
  blocks.push(
    healthLines.length > 0
      ? { kind: "list", items: healthLines }
      : { kind: "paragraph", text: say("digest.noHealthChanges") },
  );

  blocks.push({ kind: "heading", level: 1, text: say("digest.milestonesHeading") });
  const milestones = openMilestones(tasks, today, DIGEST_WARNING_DAYS).filter(
    (open) => open.daysLeft <= DIGEST_WARNING_DAYS,
  );
  blocks.push(
    milestones.length > 0
      ? {
          kind: "list",
          items: milestones.map((open) =>
            say("digest.milestone", {
              light: lightSymbol(open.light),
              number: open.task.number,
              title: open.milestone.title,
              due: sayDate(say, open.milestone.dueOn, "short"),
              ...dueParams(open.daysLeft),
            }),
          ),
        }
      : { kind: "paragraph", text: say("digest.noMilestones") },
  );

  blocks.push({ kind: "heading", level: 1, text: say("digest.missingHeading") });
  const missingLines = byUnit.flatMap((unit) => {
    const people = statuses.filter(
      (status) => status.status === "missing" && memberUnit.get(status.memberKey) === unit.unitKey,
    );
    if (people.length === 0) return [];
    const numbers = new Map<string, number[]>();
    for (const person of people) {
      numbers.set(person.memberKey, [
        ...(numbers.get(person.memberKey) ?? []),
        taskNumber.get(person.taskKey) ?? 0,
      ]);
    }
    const names = [...numbers].map(([memberKey, list]) =>
      say("digest.missingMember", {
        name: memberName.get(memberKey) ?? memberKey,
        numbers: joinWith(say, "list", [...list].sort((a, b) => a - b).map(String)),
      }),
    );
    return [
      say("digest.missingUnit", { unit: unit.unitName, names: joinWith(say, "list", names) }),
    ];
  });
  blocks.push(
    missingLines.length > 0
      ? { kind: "list", items: missingLines }
      : { kind: "paragraph", text: say("digest.noMissing") },
  );
  if (options.updatedAt) {
    blocks.push({
      kind: "note",
      text: say("digest.updated", { time: sayDateTime(say, options.updatedAt, campaign.timeZone) }),
    });
  }

  return {
    campaignKey: campaign.key,
    week: options.week,
    document: {
      kind: "digest",
      locale,
      title: say("digest.title", {
        campaign: campaign.title,
        week: parsed.week,
        weekId: options.week,
      }),
      blocks,
    },
    submission,
    byUnit,
    figures,
    sourceReports: weekReports
      .filter((report) => report.state === "submitted")
      .map(reportId)
      .sort(),
  };
}

function isZero(value: string | undefined): boolean {
  return value !== undefined && compareDecimals(value, "0") === 0;
}

/** A task's figures of the week, worded with their breakdown and last week's figure. */
function weekFigures(context: {
  input: SummaryInput;
  task: SummaryTask;
  weekReports: SummaryReport[];
  previousReports: SummaryReport[];
  locale: Locale;
  say: Say;
}): CompiledFigure[] {
  const { input, task, locale, say } = context;
  return task.metrics.map((metric) => {
    const figure = aggregateMetric(metric, task, context.weekReports, input.members, input.units);
    if (figure.value === undefined) return { ...figure };
    const previous = aggregateMetric(
      metric,
      task,
      context.previousReports,
      input.members,
      input.units,
    );
    const unit = unitAfterNumber(metric.unit, locale);
    const weeklySum = metric.span === "weekly" && metric.aggregation === "sum";
    // A week's total of nothing, after a week of nothing, tells a leader nothing.
    if (
      weeklySum &&
      isZero(figure.value) &&
      (previous.value === undefined || isZero(previous.value))
    ) {
      return { ...figure };
    }
    let text = sayFigure(say, figure, locale, { target: false });
    if (weeklySum) text = say("digest.total", { figure: text });
    if (figure.byUnit.length > 1) text = withBreakdown(say, text, figure, unit);
    const notes = [
      targetNote(say, figure, locale),
      previous.display === undefined
        ? undefined
        : say("figure.previousNote", { value: `${previous.display}${unit}` }),
    ].filter((note): note is string => note !== undefined);
    text = withNotes(say, text, notes);
    return { ...figure, text };
  });
}

function withBreakdown(say: Say, text: string, figure: AggregatedFigure, unit: string): string {
  const parts = figure.byUnit.map((part) =>
    say("figure.unitPart", { unit: part.unitName, value: `${part.display}${unit}` }),
  );
  return say("figure.breakdown", { figure: text, parts: joinWith(say, "list", parts) });
}

/** Status changes against last week, new blockers and risks first with their reasons. */
function healthChanges(context: {
  weekReports: SummaryReport[];
  previousReports: SummaryReport[];
  taskNumber: Map<string, number>;
  memberName: Map<string, string>;
  say: Say;
}): string[] {
  const { say } = context;
  const before = new Map(
    context.previousReports.map((report) => [`${report.taskKey}\u0000${report.memberKey}`, report]),
  );
  const lines: { number: number; text: string }[] = [];
  for (const report of context.weekReports) {
    if (report.state !== "submitted" || !report.health) continue;
    const previous = before.get(`${report.taskKey}\u0000${report.memberKey}`)?.health;
    if (previous === report.health) continue;
    const number = context.taskNumber.get(report.taskKey) ?? 0;
    const member = context.memberName.get(report.memberKey) ?? report.memberKey;
    const health = sayHealth(say, report.health);
    if (report.health !== "on_track") {
      const text = report.blockedReason
        ? say("digest.blocker", { number, member, health, reason: report.blockedReason })
        : say("digest.blockerNoReason", { number, member, health });
      lines.push({ number, text });
    } else if (previous) {
      const from = sayHealth(say, previous);
      lines.push({
        number,
        text: say("digest.healthChange", { number, member, from, to: health }),
      });
    }
  }
  return lines.sort((a, b) => a.number - b.number).map((line) => line.text);
}
