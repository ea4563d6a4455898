import { dateColumn } from "../db/calendar-date.js";
import { Prisma } from "../generated/prisma/client.js";
import { markDigestsStale, markDigestsStaleSql } from "../publications/mark-stale.js";
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
  await tx.$queryRaw`
    WITH ${saveAnswersSql({ ...options, updatedAt: new Date(), when: Prisma.sql`true` })}
    SELECT (SELECT count(*) FROM drafted)::int AS "drafted"`;
}

/**
 * The two parts of a statement that save the answers (`saveReportDraft`), only when `when`
 * holds: `drafted` (see `updateDraftSql`), and `corrected`, which keeps them as a submitted
 * report's pending correction when the draft wrote nothing. The upsert only locked that row,
 * so one statement may write both.
 */
export function saveAnswersSql(
  options: ReportTarget & { answers: TaskAnswers; updatedAt: Date; when: Prisma.Sql },
): Prisma.Sql {
  return Prisma.sql`drafted AS (${updateDraftSql(options)}),
    corrected AS (${pendingCorrectionSql({
      ...options,
      when: Prisma.sql`${options.when} AND NOT EXISTS (SELECT 1 FROM drafted)`,
    })})`;
}

/**
 * `saveReportDraft`'s statement, also for a larger one: the draft created, or the existing
 * draft (or skipped report) updated, only when `when` holds (an SQL condition, e.g. that the
 * CTE writing the conversation wrote a row). It returns the row it wrote; with none while
 * `when` held, the report is submitted, and `saveAnswersSql` keeps them as its correction.
 */
function updateDraftSql(
  options: ReportTarget & { answers: TaskAnswers; updatedAt: Date; when: Prisma.Sql },
): Prisma.Sql {
  const { answers, period } = options;
  const columns = answerColumns(answers);
  return Prisma.sql`
    INSERT INTO "Report" ("id", "campaignId", "taskId", "memberId", "period", "periodStart",
                          "periodEnd", "state", "progressItems", "health", "blockedReason",
                          "problems", "nextSteps", "answers", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${options.campaignId}::uuid, ${options.taskId}::uuid,
           ${options.memberId}::uuid, ${period.week.id}, ${period.week.start}::date,
           ${period.week.end}::date, 'draft'::"ReportState",
           ${JSON.stringify(columns.progressItems)}::jsonb, ${columns.health}::"TaskHealth",
           ${columns.blockedReason}, ${columns.problems}, ${columns.nextSteps},
           ${JSON.stringify(answers)}::jsonb, ${options.updatedAt}::timestamp(3),
           ${options.updatedAt}::timestamp(3)
     WHERE ${options.when}
    ON CONFLICT ("taskId", "memberId", "period") DO UPDATE
       SET "state" = 'draft'::"ReportState", "skipReason" = NULL,
           "progressItems" = EXCLUDED."progressItems", "health" = EXCLUDED."health",
           "blockedReason" = EXCLUDED."blockedReason", "problems" = EXCLUDED."problems",
           "nextSteps" = EXCLUDED."nextSteps", "answers" = EXCLUDED."answers",
           "updatedAt" = EXCLUDED."updatedAt"
     WHERE "Report"."state" <> 'submitted'::"ReportState"
    RETURNING "id"`;
}

/** A submitted report takes the answers as its pending correction, `when` that holds. */
function pendingCorrectionSql(
  options: ReportTarget & { answers: TaskAnswers; updatedAt: Date; when: Prisma.Sql },
): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Report"
       SET "pendingAnswers" = ${JSON.stringify(options.answers)}::jsonb,
           "updatedAt" = ${options.updatedAt}::timestamp(3)
     WHERE "taskId" = ${options.taskId}::uuid AND "memberId" = ${options.memberId}::uuid
       AND "period" = ${options.period.week.id} AND "state" = 'submitted'::"ReportState"
       AND ${options.when}
    RETURNING "id"`;
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
  // The report, its metric values, its revision, the audit event and the digests' stale mark
  // in one statement: each part depends only on what was read above and on the report's id.
  const known = new Set(options.metrics.map((metric) => metric.metricId));
  const values = Object.entries(options.answers.metrics).flatMap(([metricId, answer]) =>
    "value" in answer && known.has(metricId)
      ? [{ metricId, value: answer.value, rawText: answer.raw }]
      : [],
  );
  const at = new Date();
  const snapshot = { ...columns, metrics: options.answers.metrics };
  const after = { period: options.period.week.id, revision, late, afterClose };
  const [report] = await tx.$queryRaw<{ id: string }[]>`
    WITH report AS (
      INSERT INTO "Report" ("id", "campaignId", "taskId", "memberId", "period", "periodStart",
                            "periodEnd", "state", "late", "progressItems", "health",
                            "blockedReason", "problems", "nextSteps", "skipReason", "answers",
                            "pendingAnswers", "revision", "submittedAt", "revisedAt",
                            "correctedLate", "createdAt", "updatedAt")
      VALUES (gen_random_uuid(), ${options.campaignId}::uuid, ${options.taskId}::uuid,
              ${options.memberId}::uuid, ${options.period.week.id},
              ${options.period.week.start}::date, ${options.period.week.end}::date,
              'submitted'::"ReportState", ${late}, ${JSON.stringify(columns.progressItems)}::jsonb,
              ${columns.health}::"TaskHealth", ${columns.blockedReason}, ${columns.problems},
              ${columns.nextSteps}, NULL, ${JSON.stringify(options.answers)}::jsonb, NULL,
              ${revision}, ${submission.submittedAt}::timestamp(3), ${options.now}::timestamp(3),
              ${submission.correctedLate}, ${at}::timestamp(3), ${at}::timestamp(3))
      ON CONFLICT ("taskId", "memberId", "period") DO UPDATE
         SET "state" = EXCLUDED."state", "late" = EXCLUDED."late",
             "progressItems" = EXCLUDED."progressItems", "health" = EXCLUDED."health",
             "blockedReason" = EXCLUDED."blockedReason", "problems" = EXCLUDED."problems",
             "nextSteps" = EXCLUDED."nextSteps", "skipReason" = NULL,
             "answers" = EXCLUDED."answers", "pendingAnswers" = NULL,
             "revision" = EXCLUDED."revision", "submittedAt" = EXCLUDED."submittedAt",
             "revisedAt" = EXCLUDED."revisedAt", "correctedLate" = EXCLUDED."correctedLate",
             "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "id"
    ), dropped AS (
      -- Metrics no longer answered; those answered are updated in place below (a delete and
      -- an insert of one (report, metric) pair in one statement could collide).
      DELETE FROM "MetricValue" v
       WHERE v."reportId" IN (SELECT "id" FROM report)
         AND v."metricId" NOT IN (
               SELECT e::uuid FROM jsonb_array_elements_text(${JSON.stringify(
                 values.map((value) => value.metricId),
               )}::jsonb) AS e)
    ), valued AS (
      INSERT INTO "MetricValue" ("id", "reportId", "metricId", "value", "rawText")
      SELECT gen_random_uuid(), report."id", v."metricId", v."value", v."rawText"
        FROM report, jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
             AS v("metricId" uuid, "value" numeric, "rawText" text)
      ON CONFLICT ("reportId", "metricId") DO UPDATE
         SET "value" = EXCLUDED."value", "rawText" = EXCLUDED."rawText"
    ), revised AS (
      INSERT INTO "ReportRevision" ("id", "reportId", "revision", "snapshot", "late", "submittedAt")
      SELECT gen_random_uuid(), report."id", ${revision}, ${JSON.stringify(snapshot)}::jsonb,
             ${afterClose}, ${options.now}::timestamp(3)
        FROM report
    ), audited AS (
      INSERT INTO "AuditEvent" ("id", "at", "actor", "action", "entity", "entityId",
                                "campaignId", "after")
      SELECT gen_random_uuid(), ${at}::timestamp(3), ${options.actor},
             ${correction ? "report.revised" : "report.submitted"}, 'report', report."id"::text,
             ${options.campaignId}::uuid, ${JSON.stringify(after)}::jsonb
        FROM report
    ), staled AS (${markDigestsStaleSql({
      campaignId: options.campaignId,
      period: options.period.week.id,
      now: options.now,
      updatedAt: at,
    })})
    SELECT "id"::text AS "id" FROM report`;
  if (!report) throw new Error("the submitted report was not written");
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
