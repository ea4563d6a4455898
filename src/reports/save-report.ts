import { dateColumn } from "../db/calendar-date.js";
import { Prisma } from "../generated/prisma/client.js";
import { markDigestsStale } from "../publications/mark-stale.js";
import type { SnapshotMetric, TaskAnswers } from "../reporting/report-conversation-state.js";
import type { ReportingPeriod } from "../reporting/reporting-period.js";

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
 * Stores the answers so far, after every step, so nothing typed is lost. A draft holds them
 * in its columns; a submitted report keeps what was submitted and holds them as its pending
 * correction (`pendingAnswers`) until they are submitted or cancelled. Metric values stay in
 * the answers until submission: only submitted figures are rows that summaries add up.
 */
export async function saveReportDraft(
  tx: Tx,
  options: ReportTarget & { answers: TaskAnswers },
): Promise<void> {
  const columns = answerColumns(options.answers);
  const key = reportKey(options).taskId_memberId_period;
  // The common case, a draft already there, is one statement.
  const updated = await tx.report.updateMany({
    where: { ...key, state: { not: "submitted" } },
    data: { state: "draft", skipReason: null, ...columns },
  });
  if (updated.count > 0) return;
  await saveReportDraftWithoutDraft(tx, options);
}

/**
 * `saveReportDraft`'s common case as a data-modifying statement for a larger one: the
 * existing draft (or skipped report) updated, only when `when` holds (an SQL condition, e.g.
 * that the CTE writing the conversation wrote a row). It returns the rows it updated; with
 * none, `saveReportDraftWithoutDraft` does the rest.
 */
export function updateDraftSql(
  options: ReportTarget & { answers: TaskAnswers; updatedAt: Date; when: Prisma.Sql },
): Prisma.Sql {
  const { answers } = options;
  const columns = answerColumns(answers);
  return Prisma.sql`
    UPDATE "Report"
       SET "state" = 'draft'::"ReportState", "skipReason" = NULL,
           "progressItems" = ${JSON.stringify(columns.progressItems)}::jsonb,
           "health" = ${columns.health}::"TaskHealth", "blockedReason" = ${columns.blockedReason},
           "problems" = ${columns.problems}, "nextSteps" = ${columns.nextSteps},
           "answers" = ${JSON.stringify(answers)}::jsonb,
           "updatedAt" = ${options.updatedAt}::timestamp(3)
     WHERE "taskId" = ${options.taskId}::uuid AND "memberId" = ${options.memberId}::uuid
       AND "period" = ${options.period.week.id} AND "state" <> 'submitted'::"ReportState"
       AND ${options.when}
    RETURNING "id"`;
}

/** The rest of `saveReportDraft` when no draft was there to update: a submitted report takes
 * the answers as its pending correction, or the draft is created. */
export async function saveReportDraftWithoutDraft(
  tx: Tx,
  options: ReportTarget & { answers: TaskAnswers },
): Promise<void> {
  const columns = answerColumns(options.answers);
  const key = reportKey(options).taskId_memberId_period;
  const corrected = await tx.report.updateMany({
    where: { ...key, state: "submitted" },
    data: { pendingAnswers: options.answers as unknown as Prisma.InputJsonValue },
  });
  if (corrected.count > 0) return;
  await tx.report.create({ data: { ...reportIdentity(options), state: "draft", ...columns } });
}

/** Drops a submitted report's pending correction: what was submitted stays as it is. */
export async function discardCorrection(tx: Tx, target: ReportTarget): Promise<void> {
  await tx.report.updateMany({
    where: { ...reportKey(target).taskId_memberId_period, pendingAnswers: { not: Prisma.DbNull } },
    data: { pendingAnswers: Prisma.DbNull },
  });
}

/** What a submission was: the first one (on time or late) or a correction of one. */
export interface Submission {
  reportId: string;
  revision: number;
  /** The report as a whole is late: its first submission came after the close. */
  late: boolean;
  /** This revision corrects an earlier submission. */
  correction: boolean;
  /** This revision came after the close. */
  afterClose: boolean;
}

/**
 * Submits a report as a new revision (the previous ones kept whole in `ReportRevision`).
 * Whether the report is late is decided by its first submission: a report submitted on time
 * stays on time when it is corrected after the close; that revision is marked as coming
 * after the close, and the report as corrected late (`correctedLate`), so both the punctual
 * submission and the later change stay visible.
 */
export async function submitReport(
  tx: Tx,
  options: ReportTarget & {
    answers: TaskAnswers;
    metrics: SnapshotMetric[];
    now: Date;
    actor: string;
  },
): Promise<Submission> {
  const afterClose = options.now > options.period.closesAt;
  const existing = await tx.report.findUnique({ where: reportKey(options) });
  const correction = existing?.state === "submitted";
  const revision = (existing?.revision ?? 0) + 1;
  const late = correction ? existing.late : afterClose;
  const columns = answerColumns(options.answers);
  const submission = {
    state: "submitted" as const,
    late,
    revision,
    submittedAt: correction ? (existing.submittedAt ?? options.now) : options.now,
    revisedAt: options.now,
    correctedLate: (correction && existing.correctedLate) || (correction && afterClose),
    pendingAnswers: Prisma.DbNull,
    ...columns,
  };
  const report = await tx.report.upsert({
    where: reportKey(options),
    create: { ...reportIdentity(options), ...submission },
    update: { ...submission, skipReason: null },
  });
  await replaceMetricValues(tx, report.id, options.answers, options.metrics);
  await tx.reportRevision.create({
    data: {
      reportId: report.id,
      revision,
      late: afterClose,
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
      action: correction ? "report.revised" : "report.submitted",
      entity: "report",
      entityId: report.id,
      campaignId: options.campaignId,
      after: { period: options.period.week.id, revision, late, afterClose },
    },
  });
  // A digest of this week already posted is brought up to date by the scheduler.
  await markDigestsStale(tx, {
    campaignId: options.campaignId,
    period: options.period.week.id,
    now: options.now,
  });
  return { reportId: report.id, revision, late, correction, afterClose };
}

/**
 * The longest skip reason kept, in characters: a sentence or two, which a leader reads in the
 * list of who did not report. A longer one is refused (in chat and on import), never cut.
 */
export const SKIP_REASON_LIMIT = 500;

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
    now?: Date;
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
    await markDigestsStale(tx, {
      campaignId: options.campaignId,
      period: options.period.week.id,
      now: options.now ?? new Date(),
    });
  }
  return skipped;
}
