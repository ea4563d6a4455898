import { chooseMemberIdentity, type MessagingPlatform } from "../domain/choose-member-identity.js";
import type { Prisma } from "../generated/prisma/client.js";
import { type Locale, normaliseLocale } from "../i18n/locales.js";

type Tx = Prisma.TransactionClient;

/** Where and how to write to one member. */
export interface MemberAddress {
  memberId: string;
  key: string;
  name: string;
  unitId: string;
  platform: MessagingPlatform;
  chatId: string;
  locale: Locale;
}

/** The members of a campaign by key: how to reach each, and who cannot be reached. */
export interface Reach {
  addresses: Map<string, MemberAddress>;
  /** Keys of members with no private chat the bot may write to. */
  unreachable: string[];
}

/**
 * How to reach members privately in one campaign: the bound chat account that
 * `chooseMemberIdentity` picks (the platform the campaign file says they prefer, else the one
 * they used last, of those the platform has not refused), in their own language or the
 * campaign's.
 */
export async function reachMembers(
  tx: Tx,
  options: { campaignId: string; keys: readonly string[]; campaignLocale: Locale },
): Promise<Reach> {
  const members = await tx.member.findMany({
    where: { key: { in: [...options.keys] }, archivedAt: null },
    include: {
      identities: { where: { platform: { in: ["telegram", "slack", "web"] } } },
      memberships: {
        where: { campaignId: options.campaignId },
        select: { preferredPlatform: true },
      },
    },
  });
  const addresses = new Map<string, MemberAddress>();
  const unreachable: string[] = [];
  for (const member of members) {
    const preferred = member.memberships[0]?.preferredPlatform;
    const identity = chooseMemberIdentity({
      identities: member.identities.filter(isMessaging),
      preferred,
    });
    if (!identity) {
      unreachable.push(member.key);
      continue;
    }
    addresses.set(member.key, {
      memberId: member.id,
      key: member.key,
      name: member.name,
      unitId: member.unitId,
      platform: identity.platform,
      // Telegram's private chat id is the user id, and Slack posts to a user id as the app's
      // DM: an account bound in the campaign file is reachable before it ever wrote.
      chatId: identity.privateChatId ?? identity.externalId,
      locale: normaliseLocale(member.locale) ?? options.campaignLocale,
    });
  }
  return { addresses, unreachable: unreachable.sort() };
}

function isMessaging<T extends { platform: string }>(
  identity: T,
): identity is T & { platform: MessagingPlatform } {
  return (
    identity.platform === "telegram" || identity.platform === "slack" || identity.platform === "web"
  );
}
