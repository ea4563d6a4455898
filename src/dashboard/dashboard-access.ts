import { type CampaignRole, leadingRoles } from "../commands/campaign-roles.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DashboardViewer } from "./dashboard-viewer.js";

type Tx = Prisma.TransactionClient;

/**
 * The campaigns a viewer may open, with the role their view is computed for. A member gets
 * their roles as leader or admin (the same rows the chat's leader commands check, scope
 * included); the local viewer, the user of the machine duban runs on, who could open the
 * database itself, sees every active campaign as an admin would.
 */
export async function dashboardRoles(tx: Tx, viewer: DashboardViewer): Promise<CampaignRole[]> {
  if (viewer.kind === "member") return leadingRoles(tx, viewer.memberId);
  const campaigns = await tx.campaign.findMany({
    where: { archivedAt: null },
    select: { id: true, key: true, title: true },
    orderBy: { key: "asc" },
  });
  return campaigns.map((campaign) => ({
    campaignId: campaign.id,
    campaignKey: campaign.key,
    campaignTitle: campaign.title,
    role: "admin" as const,
    scope: null,
  }));
}
