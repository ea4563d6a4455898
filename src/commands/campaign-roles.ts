import { ZLeaderScope } from "../campaigns/campaign-file-schema.js";
import type { LeaderScopeRule } from "../domain/leader-scope.js";
import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** A member's role in one active campaign, with a leader's scope as the campaign file says. */
export interface CampaignRole extends LeaderScopeRule {
  campaignId: string;
  campaignKey: string;
  campaignTitle: string;
}

/** The member's roles in every active campaign they belong to, by campaign key. */
export async function campaignRoles(tx: Tx, memberId: string): Promise<CampaignRole[]> {
  const memberships = await tx.campaignMember.findMany({
    where: { memberId, archivedAt: null, campaign: { archivedAt: null } },
    include: { campaign: { select: { id: true, key: true, title: true } } },
    orderBy: { campaign: { key: "asc" } },
  });
  return memberships.map((membership) => {
    const scope = ZLeaderScope.safeParse(membership.scope);
    return {
      campaignId: membership.campaign.id,
      campaignKey: membership.campaign.key,
      campaignTitle: membership.campaign.title,
      role: membership.role,
      scope: membership.scope === null || !scope.success ? null : scope.data,
    };
  });
}

/** The campaigns the member leads or administers. */
export async function leadingRoles(tx: Tx, memberId: string): Promise<CampaignRole[]> {
  return (await campaignRoles(tx, memberId)).filter((role) => role.role !== "staff");
}

/** Whether the member leads or administers the campaign. */
export async function leadsCampaign(tx: Tx, memberId: string, campaignId: string) {
  const membership = await tx.campaignMember.findUnique({
    where: { campaignId_memberId: { campaignId, memberId } },
    select: { role: true, archivedAt: true },
  });
  return membership !== null && membership.archivedAt === null && membership.role !== "staff";
}
