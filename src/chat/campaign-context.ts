import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import { ZCampaignSchedule, ZQuestionOverrides } from "../campaigns/campaign-file-schema.js";
import type { ScheduleEntry } from "../campaigns/schedule-entry.js";
import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** What the conversation needs of a campaign, parsed from its stored JSON. */
export interface CampaignContext {
  id: string;
  key: string;
  title: string;
  timeZone: string;
  prompt: ScheduleEntry;
  close: ScheduleEntry;
  questions: QuestionOverrides;
}

export async function loadCampaignContext(tx: Tx, campaignId: string): Promise<CampaignContext> {
  const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const schedule = ZCampaignSchedule.parse({ ...(campaign.schedule as object), quarterly: [] });
  const questions = ZQuestionOverrides.safeParse(campaign.questions ?? {});
  return {
    id: campaign.id,
    key: campaign.key,
    title: campaign.title,
    timeZone: campaign.timeZone,
    prompt: schedule.prompt,
    close: schedule.close,
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
