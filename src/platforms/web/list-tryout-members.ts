import type { PrismaClient } from "../../generated/prisma/client.js";

/** A member one can try duban as, as `GET /tryout/api/members` lists them. */
export interface TryoutMember {
  key: string;
  name: string;
  title: string | null;
  unit: { key: string; name: string };
  /** Their language: their own, else their first campaign's. */
  locale: string;
  /** Their role in each active campaign they belong to. */
  campaigns: { key: string; title: string; role: "staff" | "leader" | "admin" }[];
}

/** The active members of active campaigns, in the order of the campaign files. */
export async function listTryoutMembers(prisma: PrismaClient): Promise<TryoutMember[]> {
  const rows = await prisma.campaignMember.findMany({
    where: { archivedAt: null, campaign: { archivedAt: null }, member: { archivedAt: null } },
    include: {
      campaign: { select: { key: true, title: true, defaultLocale: true } },
      member: { include: { unit: { select: { key: true, name: true } } } },
    },
    orderBy: [{ campaign: { createdAt: "asc" } }, { position: "asc" }, { createdAt: "asc" }],
  });
  const byKey = new Map<string, TryoutMember>();
  for (const row of rows) {
    const { member, campaign } = row;
    let entry = byKey.get(member.key);
    if (!entry) {
      entry = {
        key: member.key,
        name: member.name,
        title: member.title,
        unit: { key: member.unit.key, name: member.unit.name },
        locale: member.locale ?? campaign.defaultLocale,
        campaigns: [],
      };
      byKey.set(member.key, entry);
    }
    entry.campaigns.push({ key: campaign.key, title: campaign.title, role: row.role });
  }
  return [...byKey.values()];
}
