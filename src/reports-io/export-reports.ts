import { dateColumn } from "../db/calendar-date.js";
import { decimalText } from "../db/decimal-text.js";
import { addDays } from "../domain/periods.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { foldBlockedReason } from "./problems-cell.js";
import { metricColumnKeys, type ReportRow, type ReportTable } from "./report-columns.js";

/**
 * The submitted and skipped reports of a campaign for the ISO weeks whose Thursday lies in
 * `[from, to]` (both `YYYY-MM-DD`, inclusive) — the rule that gives a week to a year and to a
 * quarter, so `--from 2022-04-01 --to 2022-06-30` is exactly 2022Q2's weeks W14–W26. Drafts are
 * not exported. Rows by period, task number, member key; one column per metric of the campaign's
 * active tasks (by number, metrics by position).
 *
 * @example exportReports({ prisma, campaignId, from: "2022-04-01", to: "2022-06-30" })
 */
export async function exportReports(options: {
  prisma: PrismaClient;
  campaignId: string;
  from: string;
  to: string;
}): Promise<ReportTable> {
  const { prisma, campaignId } = options;
  const tasks = await prisma.task.findMany({
    where: { campaignId, archivedAt: null },
    select: {
      number: true,
      metrics: { where: { archivedAt: null }, select: { key: true, position: true } },
    },
  });
  const reports = await prisma.report.findMany({
    where: {
      campaignId,
      state: { in: ["submitted", "skipped"] },
      task: { archivedAt: null },
      // A week's Thursday is its Monday + 3 days.
      periodStart: {
        gte: dateColumn(addDays(options.from, -3)),
        lte: dateColumn(addDays(options.to, -3)),
      },
    },
    include: {
      task: { select: { key: true, number: true } },
      member: { select: { key: true } },
      metricValues: { include: { metric: { select: { key: true, archivedAt: true } } } },
    },
  });
  reports.sort(
    (a, b) =>
      compareText(a.period, b.period) ||
      a.task.number - b.task.number ||
      compareText(a.member.key, b.member.key),
  );
  const rows = reports.map((report): ReportRow => {
    const identity = { period: report.period, task: report.task.key, member: report.member.key };
    if (report.state === "skipped") {
      const empty = { health: "", progress: "", next_steps: "", metrics: {} };
      return { ...identity, state: "skipped", ...empty, problems: report.skipReason ?? "" };
    }
    const items = Array.isArray(report.progressItems) ? report.progressItems : [];
    const blocked = report.health === "blocked" && report.blockedReason;
    return {
      ...identity,
      state: "submitted",
      health: report.health ?? "",
      progress: items.filter((item) => typeof item === "string").join("\n"),
      problems: blocked
        ? foldBlockedReason(report.blockedReason ?? "", report.problems)
        : (report.problems ?? ""),
      next_steps: report.nextSteps ?? "",
      metrics: Object.fromEntries(
        report.metricValues
          .filter((value) => value.metric.archivedAt === null)
          .map((value) => [value.metric.key, decimalText(value.value)]),
      ),
    };
  });
  return { metricKeys: metricColumnKeys(tasks), rows };
}

/** Code-point order, the same on every machine (keys and week ids are ASCII). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
