import { stringify } from "yaml";
import { dateText } from "../db/calendar-date.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { CampaignFileInput } from "./campaign-file-schema.js";
import {
  ZCampaignSchedule,
  ZCircularSettings,
  ZLeaderScope,
  ZQuestionOverrides,
} from "./campaign-file-schema.js";

type Compact<T> = { [K in keyof T]: Exclude<T[K], null> };

/** Drops `undefined` and `null` fields so the file shows only what is set. */
function compact<T extends Record<string, unknown>>(record: T): Compact<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== null),
  ) as Compact<T>;
}

/**
 * Reads a campaign back into the campaign-file form: importing the result gives the same
 * state (the organisation's units; the campaign's active members, tasks, metrics,
 * milestones and channels; deadlines and calendar overrides).
 */
export async function exportCampaign(options: {
  prisma: PrismaClient;
  campaignId: string;
}): Promise<CampaignFileInput> {
  const { prisma, campaignId } = options;
  const campaign = await prisma.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    include: {
      leadUnit: true,
      members: {
        where: { archivedAt: null },
        orderBy: { position: "asc" },
        include: { member: { include: { unit: true, identities: true } } },
      },
      tasks: {
        where: { archivedAt: null },
        orderBy: [{ number: "asc" }, { key: "asc" }],
        include: {
          leadUnit: true,
          owners: { orderBy: { position: "asc" }, include: { member: true } },
          metrics: { where: { archivedAt: null }, orderBy: { position: "asc" } },
          milestones: { where: { archivedAt: null }, orderBy: { position: "asc" } },
        },
      },
      deadlines: { orderBy: { period: "asc" } },
      calendarDays: { orderBy: { date: "asc" } },
      channels: { where: { archivedAt: null }, orderBy: { key: "asc" } },
    },
  });
  // Units are the organisation's, shared by its campaigns: the file carries the whole tree.
  const units = await organisationUnits(prisma);
  const unitKey = new Map(units.map((unit) => [unit.id, unit.key]));

  const { quarterly: _fromDeadlines, ...schedule } = ZCampaignSchedule.parse({
    ...(campaign.schedule as object),
    quarterly: [],
  });
  const circular = ZCircularSettings.safeParse(campaign.circular);
  const questions = ZQuestionOverrides.parse(campaign.questions ?? {});

  return compact({
    version: 1 as const,
    campaign: compact({
      key: campaign.key,
      title: campaign.title,
      year: campaign.year,
      timeZone: campaign.timeZone,
      locale: campaign.defaultLocale as "zh-CN" | "en",
      leadUnit: campaign.leadUnitId ? (unitKey.get(campaign.leadUnitId) ?? "") : "",
      description: campaign.description,
    }),
    units: units.map((unit) =>
      compact({
        key: unit.key,
        name: unit.name,
        kind: unit.kind,
        parent: unit.parentId ? unitKey.get(unit.parentId) : undefined,
      }),
    ),
    members: campaign.members.map(({ member, role, scope, preferredPlatform }) =>
      compact({
        key: member.key,
        name: member.name,
        unit: unitKey.get(member.unitId) ?? "",
        role,
        scope: ZLeaderScope.safeParse(scope).data,
        title: member.title,
        locale: member.locale as "zh-CN" | "en" | null,
        timeZone: member.timeZone,
        telegram: member.identities.find((identity) => identity.platform === "telegram")
          ?.externalId,
        slack: member.identities.find((identity) => identity.platform === "slack")?.externalId,
        email: member.email,
        exemptUntil: member.exemptUntil ? dateText(member.exemptUntil) : undefined,
        quietHours: member.quietHours,
        prefer: preferredPlatform === "web" ? undefined : preferredPlatform,
      }),
    ),
    tasks: campaign.tasks.map((task) =>
      compact({
        key: task.key,
        number: task.number,
        title: task.title,
        leadUnit: task.leadUnitId ? (unitKey.get(task.leadUnitId) ?? "") : "",
        owners: task.owners.map((owner) => owner.member.key),
        description: task.description,
        metrics: task.metrics.map((metric) =>
          compact({
            key: metric.key,
            name: metric.name,
            unit: metric.unit,
            aggregation: metric.aggregation,
            // Always written, like a unit's kind: the file then says what the database holds.
            kind: metric.kind,
            min: decimalNumber(metric.minValue),
            max: decimalNumber(metric.maxValue),
            direction: metric.direction,
            target: decimalNumber(metric.target),
            baseline: decimalNumber(metric.baseline),
            reportedBy: metric.reportedBy,
            span: metric.span,
            optional: metric.optional,
            description: metric.description,
          }),
        ),
        milestones: task.milestones.map((milestone) =>
          compact({
            key: milestone.key,
            title: milestone.title,
            due: dateText(milestone.dueOn),
            done: milestone.doneOn ? dateText(milestone.doneOn) : undefined,
          }),
        ),
      }),
    ),
    schedule: {
      ...schedule,
      quarterly: campaign.deadlines.map((deadline) =>
        compact({ quarter: deadline.period, due: dateText(deadline.dueOn), title: deadline.title }),
      ),
    },
    channels: campaign.channels.map((channel) =>
      compact({
        key: channel.key,
        platform: channel.platform === "slack" ? ("slack" as const) : ("telegram" as const),
        chatId: channel.chatId,
        purpose: channel.purpose,
        title: channel.title,
      }),
    ),
    circular: circular.success ? circular.data : undefined,
    holidays: holidaysOf(campaign.calendarDays),
    questions: Object.keys(questions).length > 0 ? questions : undefined,
  });
}

/** A Decimal column as the YAML number a campaign file writes. */
function decimalNumber(value: { toString(): string } | null): number | undefined {
  return value === null ? undefined : Number(value.toString());
}

function holidaysOf(days: { date: Date; kind: "holiday" | "workday"; name: string | null }[]) {
  if (days.length === 0) return undefined;
  const entry = (day: (typeof days)[number]) =>
    compact({ date: dateText(day.date), name: day.name ?? undefined });
  return {
    extra: days.filter((day) => day.kind === "holiday").map(entry),
    workdays: days.filter((day) => day.kind === "workday").map(entry),
  };
}

/** Every active unit in its campaign file's order (then parents first, then by key). */
async function organisationUnits(prisma: PrismaClient) {
  const all = await prisma.unit.findMany({ where: { archivedAt: null } });
  const byId = new Map(all.map((unit) => [unit.id, unit]));
  const depth = (id: string | null): number => {
    const unit = id ? byId.get(id) : undefined;
    return unit ? 1 + depth(unit.parentId) : 0;
  };
  return all.sort(
    (a, b) => a.position - b.position || depth(a.id) - depth(b.id) || a.key.localeCompare(b.key),
  );
}

/** The campaign file as YAML text, with a header that says where it came from. */
export function campaignFileText(file: CampaignFileInput, exportedAt: Date): string {
  const header = `# duban campaign file, exported ${exportedAt.toISOString()}\n`;
  return header + stringify(file, { lineWidth: 0 });
}
