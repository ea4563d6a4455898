import { z } from "zod";
import { jsonValue } from "../chat/campaign-context.js";
import { decimalText } from "../db/decimal-text.js";
import { Prisma } from "../generated/prisma/client.js";
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
  answers: unknown;
  progressItems: unknown;
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

const ZReportRow = z.object({
  state: z.enum(["draft", "submitted", "skipped"]),
  answers: z.unknown(),
  pendingAnswers: z.unknown(),
  progressItems: z.unknown(),
  health: z.enum(["on_track", "at_risk", "blocked"]).nullable(),
  blockedReason: z.string().nullable(),
  problems: z.string().nullable(),
  nextSteps: z.string().nullable(),
  metricValues: z.array(
    z.object({ metricId: z.string(), value: z.string(), rawText: z.string().nullable() }),
  ),
});

/** A task the member owns, as `ownedTasksSql` reads it. */
const ZOwnedTask = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  leadOwner: z.string().nullable(),
  metrics: z.preprocess(
    jsonValue,
    z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          optional: z.boolean(),
          kind: z.enum(["count", "amount", "ratio", "index"]),
          minValue: z.string().nullable(),
          maxValue: z.string().nullable(),
          unit: z.string().nullable(),
          reportedBy: z.enum(["every_owner", "lead_owner"]),
        }),
      )
      .nullable(),
  ),
  previous: z.preprocess(jsonValue, ZReportRow.nullable()),
  current: z.preprocess(jsonValue, ZReportRow.nullable()),
});

/** A report row with its figures, as JSON (decimals as their text: no float on the way). */
function reportJsonSql(alias: string): Prisma.Sql {
  const r = Prisma.raw(`${alias}.`);
  return Prisma.sql`json_build_object(
    'state', ${r}"state", 'answers', ${r}"answers", 'pendingAnswers', ${r}"pendingAnswers",
    'progressItems', ${r}"progressItems", 'health', ${r}"health",
    'blockedReason', ${r}"blockedReason", 'problems', ${r}"problems", 'nextSteps', ${r}"nextSteps",
    'metricValues', (SELECT COALESCE(json_agg(json_build_object('metricId', v."metricId",
                                       'value', v."value"::text, 'rawText', v."rawText")), '[]')
                       FROM "MetricValue" v WHERE v."reportId" = ${r}"id"))`;
}

/**
 * The active tasks the member owns in the campaign (or only `taskIds`), by number: each with
 * its active metrics, its lead owner (listed first: alone to report a `lead_owner` metric),
 * the member's last submitted report before the period, and this period's report. One
 * statement: it runs at the start of every conversation.
 */
function ownedTasksSql(options: {
  campaignId: string;
  memberId: string;
  period: ReportingPeriod;
  taskIds?: string[];
}): Prisma.Sql {
  const { memberId } = options;
  const only = options.taskIds
    ? Prisma.sql`AND t."id" = ANY(${options.taskIds}::uuid[])`
    : Prisma.empty;
  return Prisma.sql`
    SELECT t."id"::text AS "id", t."number", t."title",
           (SELECT o."memberId"::text FROM "TaskOwner" o WHERE o."taskId" = t."id"
             ORDER BY o."position" LIMIT 1) AS "leadOwner",
           (SELECT json_agg(json_build_object('id', m."id", 'name', m."name",
                     'optional', m."optional", 'kind', m."kind", 'minValue', m."minValue"::text,
                     'maxValue', m."maxValue"::text, 'unit', m."unit",
                     'reportedBy', m."reportedBy") ORDER BY m."position")
              FROM "Metric" m WHERE m."taskId" = t."id" AND m."archivedAt" IS NULL) AS "metrics",
           (SELECT ${reportJsonSql("p")} FROM "Report" p
             WHERE p."taskId" = t."id" AND p."memberId" = ${memberId}::uuid
               AND p."state" = 'submitted'
               AND p."periodStart" < ${options.period.week.start}::date
             ORDER BY p."periodStart" DESC LIMIT 1) AS "previous",
           (SELECT ${reportJsonSql("c")} FROM "Report" c
             WHERE c."taskId" = t."id" AND c."memberId" = ${memberId}::uuid
               AND c."period" = ${options.period.week.id}) AS "current"
      FROM "TaskOwner" tw JOIN "Task" t ON t."id" = tw."taskId"
     WHERE tw."memberId" = ${memberId}::uuid AND t."campaignId" = ${options.campaignId}::uuid
       AND t."archivedAt" IS NULL ${only}
     ORDER BY t."number"`;
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
  const rows = await tx.$queryRaw<unknown[]>(
    ownedTasksSql({ ...options, campaignId: campaign.id }),
  );
  if (rows.length === 0) return undefined;
  const tasks: SnapshotTask[] = [];
  for (const task of rows.map((row) => ZOwnedTask.parse(row))) {
    const { previous, current } = task;
    const previousAnswers = previous ? answersOf(previous) : undefined;
    const lastValues = new Map(
      previous?.metricValues.map((v) => [v.metricId, decimalText(v.value)]),
    );
    tasks.push({
      taskId: task.id,
      number: task.number,
      title: task.title,
      metrics: (task.metrics ?? [])
        .filter((metric) => metric.reportedBy === "every_owner" || task.leadOwner === memberId)
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
    pendingAnswers: unknown;
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
