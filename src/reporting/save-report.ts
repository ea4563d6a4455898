import { dateColumn } from "../db/calendar-date.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { SnapshotMetric, TaskAnswers } from "./report-conversation-state.js";
import type { ReportingPeriod } from "./reporting-period.js";

type Tx = Prisma.TransactionClient;

/** Which report: one member's, on one task, for one week. */
export interface ReportTarget {
  campaignId: string;
  taskId: string;
  memberId: string;
  period: ReportingPeriod;
}

/** The report columns that answers fill. */
function answerColumns(answers: TaskAnswers) {
  return {
    progressItems: answers.progressItems,
    health: answers.health ?? null,
    blockedReason: answers.health === "blocked" ? (answers.blockedReason ?? null) : null,
    problems: answers.problems ?? null,
    nextSteps: answers.nextSteps ?? null,
    answers: answers as unknown as Prisma.InputJsonValue,
  };
}

/** The columns that say whose report, on what, for which week. */
function reportIdentity(target: ReportTarget) {
  return {
    campaignId: target.campaignId,
    taskId: target.taskId,
    memberId: target.memberId,
    period: target.period.week.id,
    periodStart: dateColumn(target.period.week.start),
    periodEnd: dateColumn(target.period.week.end),
  };
}

function reportKey(target: ReportTarget) {
  return {
    taskId_memberId_period: {
      taskId: target.taskId,
      memberId: target.memberId,
      period: target.period.week.id,
    },
  };
}

async function replaceMetricValues(
  tx: Tx,
  reportId: string,
  answers: TaskAnswers,
  metrics: SnapshotMetric[],
) {
  await tx.metricValue.deleteMany({ where: { reportId } });
  const known = new Set(metrics.map((metric) => metric.metricId));
  const rows = Object.entries(answers.metrics).flatMap(([metricId, answer]) =>
    "value" in answer && known.has(metricId)
      ? [{ reportId, metricId, value: answer.value, rawText: answer.raw }]
      : [],
  );
  if (rows.length > 0) await tx.metricValue.createMany({ data: rows });
}

/**
 * Stores the answers so far as a draft, after every step, so nothing typed is lost. A
 * submitted report is never turned back into a draft. Metric values stay in the draft's
 * `answers` until submission: only submitted figures are rows that summaries add up.
 */
export async function saveReportDraft(
  tx: Tx,
  options: ReportTarget & { answers: TaskAnswers },
): Promise<void> {
  const columns = answerColumns(options.answers);
  // The common case, a draft already there, is one statement.
  const updated = await tx.report.updateMany({
    where: { ...reportKey(options).taskId_memberId_period, state: { not: "submitted" } },
    data: { state: "draft", skipReason: null, ...columns },
  });
  if (updated.count > 0) return;
  const existing = await tx.report.findUnique({ where: reportKey(options) });
  if (existing) return; // submitted: left as it is
  await tx.report.create({ data: { ...reportIdentity(options), state: "draft", ...columns } });
}

/**
 * Submits a report: a new revision (the previous ones kept whole in `ReportRevision`),
 * marked late when it comes after the period's close.
 */
export async function submitReport(
  tx: Tx,
  options: ReportTarget & {
    answers: TaskAnswers;
    metrics: SnapshotMetric[];
    now: Date;
    actor: string;
  },
): Promise<{ reportId: string; revision: number; late: boolean }> {
  const late = options.now > options.period.closesAt;
  const existing = await tx.report.findUnique({ where: reportKey(options) });
  const revision = (existing?.revision ?? 0) + 1;
  const columns = answerColumns(options.answers);
  const report = await tx.report.upsert({
    where: reportKey(options),
    create: {
      ...reportIdentity(options),
      state: "submitted",
      late,
      revision,
      submittedAt: options.now,
      ...columns,
    },
    update: {
      state: "submitted",
      late,
      revision,
      submittedAt: options.now,
      skipReason: null,
      ...columns,
    },
  });
  await replaceMetricValues(tx, report.id, options.answers, options.metrics);
  await tx.reportRevision.create({
    data: {
      reportId: report.id,
      revision,
      late,
      submittedAt: options.now,
      snapshot: {
        ...columns,
        metrics: options.answers.metrics,
      } as unknown as Prisma.InputJsonValue,
    },
  });
  await tx.auditEvent.create({
    data: {
      actor: options.actor,
      action: revision === 1 ? "report.submitted" : "report.revised",
      entity: "report",
      entityId: report.id,
      campaignId: options.campaignId,
      after: { period: options.period.week.id, revision, late },
    },
  });
  return { reportId: report.id, revision, late };
}

/**
 * Marks the member's reports of this period as skipped with a reason, except those already
 * submitted. Returns how many tasks were skipped.
 */
export async function skipReports(
  tx: Tx,
  options: {
    campaignId: string;
    memberId: string;
    taskIds: string[];
    period: ReportingPeriod;
    reason: string;
    actor: string;
  },
): Promise<number> {
  let skipped = 0;
  for (const taskId of options.taskIds) {
    const target = { ...options, taskId };
    const existing = await tx.report.findUnique({ where: reportKey(target) });
    if (existing?.state === "submitted") continue;
    await tx.report.upsert({
      where: reportKey(target),
      create: {
        ...reportIdentity(target),
        state: "skipped",
        skipReason: options.reason,
      },
      update: { state: "skipped", skipReason: options.reason },
    });
    skipped += 1;
  }
  if (skipped > 0) {
    await tx.auditEvent.create({
      data: {
        actor: options.actor,
        action: "report.skipped",
        entity: "member",
        entityId: options.memberId,
        campaignId: options.campaignId,
        after: { period: options.period.week.id, reason: options.reason, tasks: skipped },
      },
    });
  }
  return skipped;
}
