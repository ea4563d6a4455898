import { decimalText } from "../db/decimal-text.js";
import { compareDecimals } from "../domain/metric-value-rules.js";
import { zonedParts } from "../domain/periods.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { ReportingPeriod } from "../reporting/reporting-period.js";
import { skipReports, submitReport } from "../reports/save-report.js";
import { scheduledPeriodOf } from "../scheduling/scheduled-period.js";
import { loadImportCampaign } from "./import-campaign-model.js";
import { ReportsImportError, type RowProblem } from "./row-problem.js";
import type { SheetRow } from "./sheet.js";
import { type ValidRow, validateReportRows } from "./validate-report-rows.js";

type Tx = Prisma.TransactionClient;

/** What an import did (or, for a dry run, would do). */
export interface ReportsImportSummary {
  dryRun: boolean;
  rowsRead: number;
  /** Reports submitted or skipped for the first time (none, or only a draft, was there). */
  created: number;
  /** Reports that were there and differ: a new revision, or a changed skip reason. */
  updated: number;
  unchanged: number;
}

/** Who an import's reports and audit events are by. */
const IMPORT_ACTOR = "cli";

class DryRunRollback extends Error {
  constructor(readonly summary: ReportsImportSummary) {
    super("dry run: rolled back");
  }
}

/**
 * Loads historical reports from the rows of a reports file into a campaign, in one
 * transaction, with the chat's own validation and writes (`submitReport`, `skipReports`).
 *
 * Imported history is stored as submitted at its period's close: `submittedAt` and `revisedAt`
 * are the close instant, `late` is false (the file says nothing of punctuality, and the import
 * is the office recording history, not a member reporting late); a changed row makes a new
 * revision at that same instant, so it is not marked as corrected late. The audit events say
 * who (`cli`) and when the import really ran. A row equal to what is stored changes nothing,
 * so importing the same file again is a no-op.
 *
 * @throws ReportsImportError when any row is bad (nothing is written)
 */
export async function importReports(options: {
  prisma: PrismaClient;
  campaignId: string;
  rows: SheetRow[];
  dryRun?: boolean;
  now?: Date;
}): Promise<ReportsImportSummary> {
  const dryRun = options.dryRun ?? false;
  try {
    return await options.prisma.$transaction(
      async (tx) => {
        const campaign = await loadImportCampaign(tx, options.campaignId);
        const today = zonedParts(options.now ?? new Date(), campaign.context.timeZone).date;
        const checked = validateReportRows({ campaign, rows: options.rows, today });
        const summary: ReportsImportSummary = {
          dryRun,
          rowsRead: checked.rowsRead,
          created: 0,
          updated: 0,
          unchanged: 0,
        };
        const problems: RowProblem[] = [...checked.problems];
        const periods = new Map<string, ReportingPeriod>();
        for (const row of checked.valid) {
          let period = periods.get(row.weekId);
          if (!period) {
            period = scheduledPeriodOf({ ...campaign.context, weekId: row.weekId });
            if (!period) throw new Error(`no period for ${row.weekId}`);
            periods.set(row.weekId, period);
          }
          const outcome = await writeRow(tx, { row, period, campaignId: options.campaignId });
          if (outcome === "alreadySubmitted") {
            problems.push({ row: row.row, column: "state", code: "alreadySubmitted", params: {} });
          } else summary[outcome] += 1;
        }
        if (problems.length > 0) throw new ReportsImportError(sortProblems(problems));
        if (dryRun) throw new DryRunRollback(summary);
        return summary;
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
  } catch (error: unknown) {
    if (error instanceof DryRunRollback) return error.summary;
    throw error;
  }
}

function sortProblems(problems: RowProblem[]): RowProblem[] {
  return problems.sort((a, b) => a.row - b.row);
}

type Outcome = "created" | "updated" | "unchanged" | "alreadySubmitted";

async function writeRow(
  tx: Tx,
  options: { row: ValidRow; period: ReportingPeriod; campaignId: string },
): Promise<Outcome> {
  const { row, period, campaignId } = options;
  const target = { campaignId, taskId: row.task.id, memberId: row.memberId, period };
  const existing = await tx.report.findUnique({
    where: {
      taskId_memberId_period: {
        taskId: row.task.id,
        memberId: row.memberId,
        period: period.week.id,
      },
    },
    include: { metricValues: true },
  });
  const before = existing && existing.state !== "draft" ? existing : undefined;
  if (row.state === "skipped") {
    if (before?.state === "submitted") return "alreadySubmitted";
    if (before?.skipReason === row.reason) return "unchanged";
    await skipReports(tx, {
      campaignId,
      memberId: row.memberId,
      taskIds: [row.task.id],
      period,
      reason: row.reason,
      actor: IMPORT_ACTOR,
    });
    return before ? "updated" : "created";
  }
  if (before?.state === "submitted" && sameSubmission(before, row)) return "unchanged";
  await submitReport(tx, {
    ...target,
    answers: row.answers,
    metrics: row.metrics,
    now: period.closesAt,
    actor: IMPORT_ACTOR,
  });
  return before ? "updated" : "created";
}

/** Whether a submitted report already holds what the row says (figures compared as decimals). */
function sameSubmission(
  report: {
    progressItems: Prisma.JsonValue;
    health: string | null;
    blockedReason: string | null;
    problems: string | null;
    nextSteps: string | null;
    metricValues: { metricId: string; value: { toString(): string } }[];
  },
  row: Extract<ValidRow, { state: "submitted" }>,
): boolean {
  const { answers } = row;
  const values = Object.entries(answers.metrics).flatMap(([metricId, answer]) =>
    "value" in answer ? [[metricId, answer.value] as const] : [],
  );
  const stored = new Map(report.metricValues.map((v) => [v.metricId, decimalText(v.value)]));
  return (
    JSON.stringify(report.progressItems) === JSON.stringify(answers.progressItems) &&
    report.health === (answers.health ?? null) &&
    report.blockedReason === (answers.blockedReason ?? null) &&
    report.problems === (answers.problems ?? null) &&
    report.nextSteps === (answers.nextSteps ?? null) &&
    stored.size === values.length &&
    values.every(([metricId, value]) => {
      const old = stored.get(metricId);
      return old !== undefined && compareDecimals(old, value) === 0;
    })
  );
}
