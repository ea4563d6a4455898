import { daysBetween, previousIsoWeek } from "../domain/periods.js";
import type { Locale } from "../i18n/locales.js";
import { warningLight } from "../scheduling/warning-light.js";
import { aggregateMetric } from "./aggregate-metric.js";
import { compareText } from "./compare-text.js";
import { figureToDate } from "./compile-trends.js";
import { compareDecimals } from "./decimal.js";
import type { SummaryBlock, SummaryDocument } from "./summary-document.js";
import type { SummaryInput, SummaryReport } from "./summary-input.js";
import { joinWith, sayDate, sayFigure, sayIn, withSources } from "./summary-words.js";
import {
  compileTaskLights,
  DEFAULT_WARNING_DAYS,
  latestFirst,
  visibleTasks,
} from "./task-lights.js";
import {
  dueParams,
  lightSymbol,
  openMilestones,
  sayHealth,
  weekSubmission,
} from "./week-submission.js";

export { DEFAULT_WARNING_DAYS };

function memberNames(input: SummaryInput): Map<string, string> {
  return new Map(input.members.map((member) => [member.key, member.name]));
}

/**
 * The leaders' overview (`/status`): one section per visible task with its light, this week's
 * submission (n/m), the latest status reported, its metrics summed up over the quarter to date
 * against their targets with a trend arrow, and its overdue milestones.
 *
 * The light, kept simple: 🔴 when the latest status is blocked or a milestone is overdue;
 * 🟡 when the latest status is at risk, a milestone falls due within `warningDays` (default 7),
 * or fewer than all expected reports of the week are in; 🟢 otherwise. The arrow compares the
 * metric's figure of `week` alone with that of the week before: ↑ higher, ↓ lower, → equal
 * (none when either week has no figure).
 */
export function compileStatusOverview(
  input: SummaryInput,
  options: {
    week: string;
    visibleTaskKeys: Set<string>;
    today: string;
    locale: Locale;
    warningDays?: number;
  },
): SummaryDocument {
  const say = sayIn(options.locale);
  const previousWeek = previousIsoWeek(options.week);
  const lights = compileTaskLights(input, options);
  const blocks: SummaryBlock[] = [];
  for (const { task, light, submitted, expected, latest, overdue } of lights) {
    blocks.push({
      kind: "heading",
      level: 3,
      text: say("status.taskHeading", {
        light: lightSymbol(light),
        number: task.number,
        title: task.title,
      }),
    });
    const items = [say("status.submission", { submitted, expected })];
    if (latest?.health) {
      const health = sayHealth(say, latest.health);
      items.push(
        latest.blockedReason && latest.health !== "on_track"
          ? say("status.latestHealthReason", { health, reason: latest.blockedReason })
          : say("status.latestHealth", { health }),
      );
    }
    for (const metric of task.metrics) {
      const figure = figureToDate(input, { task, metric, week: options.week });
      if (figure.value === undefined) continue;
      const week = (id: string) =>
        aggregateMetric(
          metric,
          task,
          input.reports.filter((report) => report.period === id),
          input.members,
          input.units,
        ).value;
      const [now, before] = [week(options.week), week(previousWeek)];
      const arrow =
        now === undefined || before === undefined
          ? ""
          : (["↓", "→", "↑"][compareDecimals(now, before) + 1] ?? "");
      items.push(
        // A sum over the quarter so far, or (latest, cumulative, max, min, mean) a level.
        say(
          metric.span === "weekly" && metric.aggregation === "sum"
            ? "status.metric"
            : "status.metricLevel",
          { figure: sayFigure(say, figure, options.locale), arrow },
        ).trimEnd(),
      );
    }
    if (overdue.length > 0) {
      items.push(
        say("status.overdue", {
          titles: joinWith(
            say,
            "list",
            overdue.map((open) => open.milestone.title),
          ),
        }),
      );
    }
    blocks.push({ kind: "list", items });
  }
  if (lights.length === 0) blocks.push({ kind: "paragraph", text: say("status.noTasks") });
  return {
    kind: "digest",
    locale: options.locale,
    title: say("status.overviewTitle", { campaign: input.campaign.title, week: options.week }),
    blocks,
  };
}

/**
 * One task's status (`/status <task>`): the latest progress items (of each owner's latest
 * report), each metric's figure week by week, the open problems (the latest per owner), and who
 * reported this week and who did not. Every figure names the reports it came from.
 */
export function compileTaskStatus(
  input: SummaryInput,
  options: { taskKey: string; week: string; today: string; locale: Locale },
): SummaryDocument {
  const say = sayIn(options.locale);
  const task = input.tasks.find((candidate) => candidate.key === options.taskKey);
  if (!task) throw new RangeError(`No task ${options.taskKey}`);
  const names = memberNames(input);
  const reports = latestFirst(input.reports, task.key, options.week);
  const latestPerOwner = new Map<string, SummaryReport>();
  for (const report of reports) {
    if (!latestPerOwner.has(report.memberKey)) latestPerOwner.set(report.memberKey, report);
  }
  const blocks: SummaryBlock[] = [
    { kind: "heading", level: 1, text: say("status.progressHeading") },
  ];
  const progress = [...latestPerOwner.values()].flatMap((report) =>
    report.progressItems.map((item) =>
      say("status.problem", {
        member: names.get(report.memberKey) ?? report.memberKey,
        week: report.period,
        text: item,
      }),
    ),
  );
  blocks.push(
    progress.length > 0
      ? { kind: "list", items: progress }
      : { kind: "paragraph", text: say("status.noProgress") },
  );

  blocks.push({ kind: "heading", level: 1, text: say("status.metricsHeading") });
  const weeks = [...new Set(reports.map((report) => report.period))].sort();
  let anyFigure = false;
  for (const metric of task.metrics) {
    const lines = weeks.flatMap((week) => {
      const figure = aggregateMetric(
        metric,
        task,
        reports.filter((report) => report.period === week),
        input.members,
        input.units,
      );
      if (figure.value === undefined) return [];
      const text = withSources(say, sayFigure(say, figure, options.locale), figure.sources);
      return [say("status.metricWeek", { week, figure: text })];
    });
    if (lines.length === 0) continue;
    anyFigure = true;
    blocks.push({ kind: "heading", level: 3, text: metric.name });
    blocks.push({ kind: "list", items: lines });
  }
  if (!anyFigure) blocks.push({ kind: "paragraph", text: say("status.noMetrics") });

  blocks.push({ kind: "heading", level: 1, text: say("status.problemsHeading") });
  const problems = [...latestPerOwner.values()].flatMap((report) =>
    report.problems?.trim()
      ? [
          say("status.problem", {
            member: names.get(report.memberKey) ?? report.memberKey,
            week: report.period,
            text: report.problems.trim(),
          }),
        ]
      : [],
  );
  blocks.push(
    problems.length > 0
      ? { kind: "list", items: problems }
      : { kind: "paragraph", text: say("status.noProblems") },
  );

  blocks.push({ kind: "heading", level: 1, text: say("status.reportedHeading") });
  const statuses = weekSubmission(input, options.week, new Set([task.key]));
  const who = (wanted: (status: string) => boolean): string => {
    const list = statuses
      .filter((status) => wanted(status.status))
      .map((status) => names.get(status.memberKey) ?? status.memberKey);
    return list.length > 0 ? joinWith(say, "list", list) : say("status.nobody");
  };
  blocks.push({
    kind: "list",
    items: [
      say("status.reported", { names: who((status) => status !== "missing") }),
      say("status.notReported", { names: who((status) => status === "missing") }),
    ],
  });
  return {
    kind: "digest",
    locale: options.locale,
    title: say("status.taskTitle", { number: task.number, title: task.title, week: options.week }),
    blocks,
  };
}

/** One person who has not reported a week, with the numbers of the tasks they owe. */
export interface MissingPerson {
  memberKey: string;
  memberName: string;
  unitName: string;
  taskNumbers: number[];
}

/**
 * Who has not reported `week` for the visible tasks (`/missing`), by unit (in the units'
 * order), each with the tasks they owe. A skipped week is not missing.
 */
export function compileMissing(
  input: SummaryInput,
  options: { week: string; visibleTaskKeys: Set<string>; locale: Locale },
): { document: SummaryDocument; missing: MissingPerson[] } {
  const say = sayIn(options.locale);
  const statuses = weekSubmission(input, options.week, options.visibleTaskKeys).filter(
    (status) => status.status === "missing",
  );
  const taskNumber = new Map(input.tasks.map((task) => [task.key, task.number]));
  const unitOrder = new Map(input.units.map((unit, index) => [unit.key, index]));
  const unitName = new Map(input.units.map((unit) => [unit.key, unit.name]));
  const people = new Map<string, MissingPerson & { unitKey: string }>();
  for (const status of statuses) {
    const member = input.members.find((candidate) => candidate.key === status.memberKey);
    const person = people.get(status.memberKey) ?? {
      memberKey: status.memberKey,
      memberName: member?.name ?? status.memberKey,
      unitKey: member?.unitKey ?? "",
      unitName: unitName.get(member?.unitKey ?? "") ?? member?.unitKey ?? "",
      taskNumbers: [],
    };
    person.taskNumbers.push(taskNumber.get(status.taskKey) ?? 0);
    people.set(status.memberKey, person);
  }
  const sorted = [...people.values()]
    .map((person) => ({ ...person, taskNumbers: [...person.taskNumbers].sort((a, b) => a - b) }))
    .sort(
      (a, b) =>
        (unitOrder.get(a.unitKey) ?? Number.MAX_SAFE_INTEGER) -
          (unitOrder.get(b.unitKey) ?? Number.MAX_SAFE_INTEGER) ||
        compareText(a.memberKey, b.memberKey),
    );
  const byUnit = new Map<string, string[]>();
  for (const person of sorted) {
    const text = say("status.missingMember", {
      name: person.memberName,
      numbers: joinWith(say, "list", person.taskNumbers.map(String)),
    });
    byUnit.set(person.unitName, [...(byUnit.get(person.unitName) ?? []), text]);
  }
  const blocks: SummaryBlock[] =
    sorted.length === 0
      ? [{ kind: "paragraph", text: say("status.noMissing") }]
      : [
          {
            kind: "list",
            items: [...byUnit].map(([unit, names]) =>
              say("status.missingUnit", { unit, names: joinWith(say, "list", names) }),
            ),
          },
          { kind: "paragraph", text: say("status.missingCount", { count: sorted.length }) },
        ];
  return {
    document: {
      kind: "digest",
      locale: options.locale,
      title: say("status.missingTitle", { campaign: input.campaign.title, week: options.week }),
      blocks,
    },
    missing: sorted.map(({ unitKey: _unitKey, ...person }) => person),
  };
}

/**
 * Open milestones of the visible tasks (overdue and upcoming) and the campaign's quarterly
 * deadlines still ahead (`/deadlines`), each with its light on `today` (🔴 overdue, 🟡 within
 * `warningDays`, default 7, 🟢 later), sorted by date.
 */
export function compileDeadlines(
  input: SummaryInput,
  options: { today: string; visibleTaskKeys: Set<string>; locale: Locale; warningDays?: number },
): SummaryDocument {
  const say = sayIn(options.locale);
  const warningDays = options.warningDays ?? DEFAULT_WARNING_DAYS;
  const entries: { date: string; order: number; text: string }[] = [];
  for (const open of openMilestones(
    visibleTasks(input, options.visibleTaskKeys),
    options.today,
    warningDays,
  )) {
    entries.push({
      date: open.milestone.dueOn,
      order: open.task.number,
      text: say("status.milestone", {
        light: lightSymbol(open.light),
        due: sayDate(say, open.milestone.dueOn, "short"),
        number: open.task.number,
        title: open.milestone.title,
        ...dueParams(open.daysLeft),
      }),
    });
  }
  for (const deadline of input.deadlines) {
    const daysLeft = daysBetween(options.today, deadline.dueOn);
    if (daysLeft < 0) continue;
    entries.push({
      date: deadline.dueOn,
      order: 0,
      text: say("status.quarterDeadline", {
        light: lightSymbol(warningLight(daysLeft, warningDays)),
        due: sayDate(say, deadline.dueOn, "short"),
        title: deadline.title ?? deadline.period,
        ...dueParams(daysLeft),
      }),
    });
  }
  entries.sort((a, b) => compareText(a.date, b.date) || a.order - b.order);
  return {
    kind: "digest",
    locale: options.locale,
    title: say("status.deadlinesTitle", {
      campaign: input.campaign.title,
      today: sayDate(say, options.today),
    }),
    blocks:
      entries.length > 0
        ? [{ kind: "list", items: entries.map((entry) => entry.text) }]
        : [{ kind: "paragraph", text: say("status.noDeadlines") }],
  };
}
