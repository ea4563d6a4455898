import { ZCircularSettings } from "../campaigns/campaign-file-schema.js";
import { dateText } from "../db/calendar-date.js";
import { decimalText } from "../db/decimal-text.js";
import { isoWeekRange, previousIsoWeek, weeksInQuarter } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import { normaliseLocale } from "../i18n/locales.js";
import type { SummaryInput, SummaryReport } from "./summary-input.js";

type Tx = Prisma.TransactionClient;

/**
 * Reads what the compilers need for the ISO weeks `periods` of a campaign: its active tasks
 * with metrics and milestones, its units and members, the submitted and skipped reports of
 * those weeks (drafts are never compiled), who was expected to report each week (owners not
 * on leave for the whole week) and the quarterly deadlines. Four queries, whatever the size.
 */
export async function loadSummaryInput(
  tx: Tx,
  options: { campaignId: string; periods: readonly string[] },
): Promise<SummaryInput> {
  const campaign = await tx.campaign.findUniqueOrThrow({
    where: { id: options.campaignId },
    include: {
      leadUnit: true,
      deadlines: { orderBy: { dueOn: "asc" } },
      members: {
        where: { archivedAt: null, member: { archivedAt: null } },
        orderBy: { position: "asc" },
        include: { member: { include: { unit: true } } },
      },
      tasks: {
        where: { archivedAt: null },
        orderBy: { number: "asc" },
        include: {
          leadUnit: true,
          owners: { orderBy: { position: "asc" }, include: { member: true } },
          metrics: { where: { archivedAt: null }, orderBy: { position: "asc" } },
          milestones: {
            where: { archivedAt: null },
            orderBy: [{ dueOn: "asc" }, { position: "asc" }],
          },
        },
      },
    },
  });
  const units = await tx.unit.findMany({
    where: { archivedAt: null },
    orderBy: [{ position: "asc" }, { key: "asc" }],
  });
  const unitKey = new Map(units.map((unit) => [unit.id, unit.key]));
  const reports = await tx.report.findMany({
    where: {
      campaignId: campaign.id,
      period: { in: [...options.periods] },
      state: { in: ["submitted", "skipped"] },
      task: { archivedAt: null },
    },
    include: { metricValues: { include: { metric: { select: { key: true } } } } },
    orderBy: [{ periodStart: "asc" }, { submittedAt: "asc" }],
  });
  const taskKey = new Map(campaign.tasks.map((task) => [task.id, task.key]));
  const memberKey = new Map(campaign.members.map(({ member }) => [member.id, member.key]));
  const circular = ZCircularSettings.safeParse(campaign.circular);
  const activeMembers = new Set(campaign.members.map(({ member }) => member.id));

  return {
    campaign: {
      key: campaign.key,
      title: campaign.title,
      year: campaign.year,
      timeZone: campaign.timeZone,
      locale: normaliseLocale(campaign.defaultLocale) ?? "zh-CN",
      ...(campaign.description ? { description: campaign.description } : {}),
      ...(campaign.leadUnit ? { leadUnitName: campaign.leadUnit.name } : {}),
      leaderNames: campaign.members
        .filter((membership) => membership.role === "leader")
        .map(({ member }) => member.name),
      ...(circular.success ? { circular: circular.data } : {}),
    },
    units: units.map((unit) => ({
      key: unit.key,
      name: unit.name,
      ...(unit.parentId && unitKey.has(unit.parentId)
        ? { parentKey: unitKey.get(unit.parentId) as string }
        : {}),
    })),
    members: campaign.members.map(({ member }) => ({
      key: member.key,
      name: member.name,
      unitKey: member.unit.key,
    })),
    tasks: campaign.tasks.map((task) => ({
      key: task.key,
      number: task.number,
      title: task.title,
      ...(task.description ? { description: task.description } : {}),
      ...(task.leadUnit ? { leadUnitKey: task.leadUnit.key } : {}),
      ownerKeys: task.owners
        .filter((owner) => activeMembers.has(owner.memberId))
        .map((owner) => owner.member.key),
      metrics: task.metrics.map((metric) => ({
        key: metric.key,
        name: metric.name,
        ...(metric.unit ? { unit: metric.unit } : {}),
        aggregation: metric.aggregation,
        kind: metric.kind,
        span: metric.span,
        reportedBy: metric.reportedBy,
        ...(metric.direction ? { direction: metric.direction } : {}),
        ...(metric.target !== null ? { target: decimalText(metric.target) } : {}),
        ...(metric.baseline !== null ? { baseline: decimalText(metric.baseline) } : {}),
      })),
      milestones: task.milestones.map((milestone) => ({
        key: milestone.key,
        title: milestone.title,
        dueOn: dateText(milestone.dueOn),
        ...(milestone.doneOn ? { doneOn: dateText(milestone.doneOn) } : {}),
      })),
    })),
    reports: reports.flatMap((report): SummaryReport[] => {
      const task = taskKey.get(report.taskId);
      const member = memberKey.get(report.memberId);
      if (!task || !member || (report.state !== "submitted" && report.state !== "skipped")) {
        return [];
      }
      const items = Array.isArray(report.progressItems)
        ? report.progressItems.filter((item): item is string => typeof item === "string")
        : [];
      return [
        {
          taskKey: task,
          memberKey: member,
          period: report.period,
          state: report.state,
          late: report.late,
          correctedLate: report.correctedLate,
          submittedAt: (report.submittedAt ?? report.updatedAt).toISOString(),
          ...(report.revisedAt ? { revisedAt: report.revisedAt.toISOString() } : {}),
          revision: report.revision,
          ...(report.health ? { health: report.health } : {}),
          ...(report.blockedReason ? { blockedReason: report.blockedReason } : {}),
          progressItems: report.state === "submitted" ? items : [],
          ...(report.problems ? { problems: report.problems } : {}),
          ...(report.nextSteps ? { nextSteps: report.nextSteps } : {}),
          ...(report.skipReason ? { skipReason: report.skipReason } : {}),
          values: Object.fromEntries(
            report.metricValues.map((value) => [value.metric.key, decimalText(value.value)]),
          ),
          rawValues: Object.fromEntries(
            report.metricValues.flatMap((value) =>
              value.rawText ? [[value.metric.key, value.rawText]] : [],
            ),
          ),
        },
      ];
    }),
    deadlines: campaign.deadlines.map((deadline) => ({
      period: deadline.period,
      dueOn: dateText(deadline.dueOn),
      ...(deadline.title ? { title: deadline.title } : {}),
    })),
    expected: options.periods.flatMap((period) => {
      const week = isoWeekRange(period);
      return campaign.tasks.flatMap((task) =>
        task.owners
          .filter((owner) => activeMembers.has(owner.memberId))
          .filter(({ member }) => !member.exemptUntil || dateText(member.exemptUntil) < week.end)
          .map((owner) => ({ period, taskKey: task.key, memberKey: owner.member.key })),
      );
    }),
  };
}

/** What a week's digest reads: that week and the one before (for the changes since). */
export function loadWeekInput(tx: Tx, options: { campaignId: string; week: string }) {
  return loadSummaryInput(tx, {
    campaignId: options.campaignId,
    periods: [previousIsoWeek(options.week), options.week],
  });
}

/** What a quarter's circular reads: the weeks of the quarter (those whose Thursday is in it). */
export function loadQuarterInput(tx: Tx, options: { campaignId: string; quarter: string }) {
  return loadSummaryInput(tx, {
    campaignId: options.campaignId,
    periods: weeksInQuarter(options.quarter).map((week) => week.id),
  });
}
