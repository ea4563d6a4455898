import type { PrismaClient } from "../generated/prisma/client.js";

/** One line of `duban campaign list` and of the start-up summary. */
export interface CampaignSummary {
  id: string;
  key: string;
  title: string;
  year: number;
  timeZone: string;
  tasks: number;
  members: number;
  metrics: number;
  milestones: number;
  archived: boolean;
}

/** The campaigns in the database with counts of what is active in each. */
export async function listCampaigns(prisma: PrismaClient): Promise<CampaignSummary[]> {
  const campaigns = await prisma.campaign.findMany({
    orderBy: [{ year: "desc" }, { key: "asc" }],
    include: {
      _count: {
        select: {
          tasks: { where: { archivedAt: null } },
          members: { where: { archivedAt: null } },
        },
      },
    },
  });
  const summaries: CampaignSummary[] = [];
  for (const campaign of campaigns) {
    const activeTask = { campaignId: campaign.id, archivedAt: null };
    const [metrics, milestones] = await Promise.all([
      prisma.metric.count({ where: { archivedAt: null, task: activeTask } }),
      prisma.milestone.count({ where: { archivedAt: null, task: activeTask } }),
    ]);
    summaries.push({
      id: campaign.id,
      key: campaign.key,
      title: campaign.title,
      year: campaign.year,
      timeZone: campaign.timeZone,
      tasks: campaign._count.tasks,
      members: campaign._count.members,
      metrics,
      milestones,
      archived: campaign.archivedAt !== null,
    });
  }
  return summaries;
}
