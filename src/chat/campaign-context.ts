import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import { ZCampaignSchedule, ZQuestionOverrides } from "../campaigns/campaign-file-schema.js";
import { dateText } from "../db/calendar-date.js";
import { chineseOfficialHolidays } from "../domain/official-holidays.js";
import type { Prisma } from "../generated/prisma/client.js";
import { planningCalendar } from "../scheduling/planning-calendar.js";
import type { PeriodSchedule } from "../scheduling/scheduled-period.js";

type Tx = Prisma.TransactionClient;

/**
 * What the conversation needs of a campaign, parsed from its stored JSON: its schedule and
 * working days, from which `scheduledPeriodAt` gives the reporting week and its close.
 */
export interface CampaignContext extends PeriodSchedule {
  id: string;
  key: string;
  title: string;
  questions: QuestionOverrides;
}

export async function loadCampaignContext(tx: Tx, campaignId: string): Promise<CampaignContext> {
  const campaign = await tx.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    include: { calendarDays: true },
  });
  const schedule = ZCampaignSchedule.parse({ ...(campaign.schedule as object), quarterly: [] });
  const questions = ZQuestionOverrides.safeParse(campaign.questions ?? {});
  const days = (kind: "holiday" | "workday") =>
    campaign.calendarDays
      .filter((day) => day.kind === kind)
      .map((day) => ({ date: dateText(day.date), ...(day.name ? { name: day.name } : {}) }));
  const holidays = { extra: days("holiday"), workdays: days("workday") };
  return {
    id: campaign.id,
    key: campaign.key,
    title: campaign.title,
    timeZone: campaign.timeZone,
    schedule,
    calendar: planningCalendar({ schedule, holidays }, chineseOfficialHolidays()),
    questions: questions.success ? questions.data : {},
  };
}

/** The active campaigns in which the member owns at least one active task. */
export async function reportableCampaigns(tx: Tx, memberId: string) {
  return tx.campaign.findMany({
    where: {
      archivedAt: null,
      members: { some: { memberId, archivedAt: null } },
      tasks: { some: { archivedAt: null, owners: { some: { memberId } } } },
    },
    select: { id: true, key: true, title: true },
    orderBy: { key: "asc" },
  });
}
