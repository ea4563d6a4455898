import { textReply } from "../chat/text-reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { Locale } from "../i18n/locales.js";
import { t } from "../i18n/translate.js";
import { queueForMember } from "./queue-for-member.js";
import { reachMembers } from "./reach-members.js";

/**
 * Tells a campaign's admins (牵头科室) something about the bot itself, privately and in their
 * own language: `key` names the cause, so the same notice is never queued twice.
 */
export async function notifyAdmins(
  tx: Prisma.TransactionClient,
  options: {
    campaign: { id: string; key: string; locale: Locale };
    cause: string;
    message: (locale: Locale) => string;
    now: Date;
  },
): Promise<number> {
  const admins = await tx.member.findMany({
    where: {
      archivedAt: null,
      memberships: { some: { campaignId: options.campaign.id, archivedAt: null, role: "admin" } },
    },
    select: { key: true },
  });
  const reach = await reachMembers(tx, {
    campaignId: options.campaign.id,
    keys: admins.map((admin) => admin.key),
    campaignLocale: options.campaign.locale,
  });
  let queued = 0;
  for (const address of reach.addresses.values()) {
    queued += await queueForMember(tx, {
      campaignId: options.campaign.id,
      address,
      cause: `admin:${options.campaign.key}:${options.cause}`,
      replies: [textReply(options.message(address.locale))],
      now: options.now,
    });
  }
  return queued;
}

/** The notice of a run missed during downtime, too late to catch up. */
export function missedRunNotice(
  locale: Locale,
  params: { campaign: string; job: string; at: string },
): string {
  return t(locale, "scheduler.missedRun", {
    ...params,
    job: t(locale, `scheduler.jobName.${params.job}`),
  });
}
