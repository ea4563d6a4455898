import type { PrismaClient } from "../generated/prisma/client.js";

export type FindCampaignResult =
  | { ok: true; id: string; key: string }
  | { ok: false; reason: "notFound" | "noCampaigns" | "ambiguous"; keys: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a campaign by key or id; with none given, the only campaign there is.
 * Archived campaigns are found by name but never picked implicitly.
 */
export async function findCampaign(
  prisma: PrismaClient,
  keyOrId: string | undefined,
): Promise<FindCampaignResult> {
  if (keyOrId !== undefined) {
    const campaign = await prisma.campaign.findFirst({
      where: UUID.test(keyOrId) ? { OR: [{ id: keyOrId }, { key: keyOrId }] } : { key: keyOrId },
      select: { id: true, key: true },
    });
    if (campaign) return { ok: true, ...campaign };
  }
  const active = await prisma.campaign.findMany({
    where: { archivedAt: null },
    select: { id: true, key: true },
    orderBy: { key: "asc" },
  });
  const keys = active.map((campaign) => campaign.key);
  if (keyOrId !== undefined) return { ok: false, reason: "notFound", keys };
  const only = active[0];
  if (active.length === 1 && only) return { ok: true, ...only };
  return { ok: false, reason: active.length === 0 ? "noCampaigns" : "ambiguous", keys };
}
