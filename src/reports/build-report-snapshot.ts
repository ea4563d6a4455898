import { dateColumn } from "../db/calendar-date.js";
import { decimalText } from "../db/decimal-text.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import { formatInstant } from "../reporting/format-instant.js";
import {
  type ExistingReport,
  type PreviousReport,
  type ReportSnapshot,
  type SnapshotTask,
  type TaskAnswers,
  ZReportSnapshot,
  ZTaskAnswers,
} from "../reporting/report-conversation-state.js";
import type { ReportingPeriod } from "../reporting/reporting-period.js";

type Tx = Prisma.TransactionClient;

/** Answers a report row holds: its saved answers, or (older rows) rebuilt from the columns. */
function answersOf(report: {
  answers: Prisma.JsonValue;
  progressItems: Prisma.JsonValue;
  health: TaskAnswers["health"] | null;
  blockedReason: string | null;
  problems: string | null;
  nextSteps: string | null;
  metricValues: { metricId: string; value: { toString(): string }; rawText: string | null }[];
}): TaskAnswers {
  const saved = ZTaskAnswers.safeParse(report.answers);
  if (saved.success) return saved.data;
  const items = Array.isArray(report.progressItems)
    ? report.progressItems.filter((item): item is string => typeof item === "string")
    : [];
  return {
    progressItems: items,
    metrics: Object.fromEntries(
      report.metricValues.map((value) => [
        value.metricId,
        { value: decimalText(value.value), raw: value.rawText ?? decimalText(value.value) },
      ]),
    ),
    ...(report.health ? { health: report.health } : {}),
    ...(report.blockedReason ? { blockedReason: report.blockedReason } : {}),
    problems: report.problems,
    nextSteps: report.nextSteps,
  };
}

/**
 * What the weekly conversation asks a member about, fixed when it starts: the active tasks
 * they own in the campaign (or only `taskIds`), each metric with last period's value, the
 * last submitted report (for "same as last week"), and this period's draft or submitted
 * report (to resume or edit). Undefined when the member owns no task.
 */
export async function buildReportSnapshot(
  tx: Tx,
  options: {
    campaign: { id: string; title: string; timeZone: string };
    memberId: string;
    period: ReportingPeriod;
    locale: Locale;
    taskIds?: string[];
  },
): Promise<ReportSnapshot | undefined> {
  const { campaign, memberId, period } = options;
  const owned = await tx.taskOwner.findMany({
    where: {
      memberId,
      task: {
        campaignId: campaign.id,
        archivedAt: null,
        ...(options.taskIds ? { id: { in: options.taskIds } } : {}),
      },
    },
    include: {
      task: {
        include: {
          metrics: { where: { archivedAt: null }, orderBy: { position: "asc" } },
          // The lead owner (listed first) alone reports a `lead_owner` metric.
          owners: { orderBy: { position: "asc" }, take: 1, select: { memberId: true } },
        },
      },
    },
    orderBy: { task: { number: "asc" } },
  });
  if (owned.length === 0) return undefined;
  const reportInclude = { metricValues: true } as const;
  const tasks: SnapshotTask[] = [];
  for (const { task } of owned) {
    const [previous, current] = await Promise.all([
      tx.report.findFirst({
        where: {
          taskId: task.id,
          memberId,
          state: "submitted",
          periodStart: { lt: dateColumn(period.week.start) },
        },
        orderBy: { periodStart: "desc" },
        include: reportInclude,
      }),
      tx.report.findUnique({
        where: { taskId_memberId_period: { taskId: task.id, memberId, period: period.week.id } },
        include: reportInclude,
      }),
    ]);
    const previousAnswers = previous ? answersOf(previous) : undefined;
    const lastValues = new Map(
      previous?.metricValues.map((v) => [v.metricId, decimalText(v.value)]),
    );
    tasks.push({
      taskId: task.id,
      number: task.number,
      title: task.title,
      metrics: task.metrics
        .filter(
          (metric) => metric.reportedBy === "every_owner" || task.owners[0]?.memberId === memberId,
        )
        .map((metric) => ({
          metricId: metric.id,
          name: metric.name,
          optional: metric.optional,
          kind: metric.kind,
          ...(metric.minValue !== null ? { min: decimalText(metric.minValue) } : {}),
          ...(metric.maxValue !== null ? { max: decimalText(metric.maxValue) } : {}),
          ...(metric.unit ? { unit: metric.unit } : {}),
          ...(lastValues.has(metric.id) ? { lastValue: lastValues.get(metric.id) } : {}),
        })),
      ...(previousAnswers ? { previous: previousOf(previousAnswers) } : {}),
      ...(current && current.state !== "skipped"
        ? { existing: existingOf({ ...current, state: current.state }) }
        : {}),
    });
  }
  return ZReportSnapshot.parse({
    campaignId: campaign.id,
    campaignTitle: campaign.title,
    period: period.week.id,
    periodLabel: `${period.week.start} – ${period.week.end}`,
    deadline: formatInstant(period.closesAt, {
      locale: options.locale,
      timeZone: campaign.timeZone,
    }),
    tasks,
  });
}

/** This period's report as the conversation starts from it, with a pending correction. */
function existingOf(
  report: Parameters<typeof answersOf>[0] & {
    state: ExistingReport["state"];
    pendingAnswers: Prisma.JsonValue;
  },
): ExistingReport {
  const correction = ZTaskAnswers.safeParse(report.pendingAnswers);
  return {
    state: report.state,
    answers: answersOf(report),
    ...(report.state === "submitted" && correction.success ? { correction: correction.data } : {}),
  };
}

function previousOf(answers: TaskAnswers): PreviousReport {
  return {
    progressItems: answers.progressItems,
    ...(answers.health ? { health: answers.health } : {}),
    ...(answers.blockedReason ? { blockedReason: answers.blockedReason } : {}),
    ...(answers.problems ? { problems: answers.problems } : {}),
    ...(answers.nextSteps ? { nextSteps: answers.nextSteps } : {}),
  };
}
