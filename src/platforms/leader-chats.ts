import type { PrismaClient } from "../generated/prisma/client.js";
import { normaliseLocale } from "../i18n/locales.js";
import type { LeaderMenuChat } from "./telegram/telegram-bot.js";

/**
 * The Telegram chats that get the leaders' command menu: the private chats of members who
 * lead or administer an active campaign, in their language, and the campaigns' leadership
 * groups, in the campaign's. Read when the adapter starts.
 */
export async function telegramLeaderChats(prisma: PrismaClient): Promise<LeaderMenuChat[]> {
  const identities = await prisma.chatIdentity.findMany({
    where: {
      platform: "telegram",
      member: {
        archivedAt: null,
        memberships: {
          some: {
            archivedAt: null,
            role: { in: ["leader", "admin"] },
            campaign: { archivedAt: null },
          },
        },
      },
    },
    include: {
      member: {
        include: {
          memberships: {
            where: { archivedAt: null, role: { in: ["leader", "admin"] } },
            include: { campaign: { select: { defaultLocale: true } } },
            take: 1,
          },
        },
      },
    },
  });
  const groups = await prisma.channel.findMany({
    where: {
      platform: "telegram",
      archivedAt: null,
      purpose: "leadership",
      campaign: { archivedAt: null },
    },
    include: { campaign: { select: { defaultLocale: true } } },
  });
  const chats = new Map<string, LeaderMenuChat>();
  for (const identity of identities) {
    const campaignLocale = identity.member.memberships[0]?.campaign.defaultLocale;
    const locale = normaliseLocale(identity.member.locale ?? campaignLocale) ?? "zh-CN";
    // A Telegram private chat's id is the user's id: bound from the file, they may not have
    // written yet.
    const chatId = identity.privateChatId ?? identity.externalId;
    chats.set(chatId, { chatId, locale, kind: "private" });
  }
  for (const group of groups) {
    if (!/^-?\d+$/.test(group.chatId)) continue; // an @channel username has no chat menu
    const locale = normaliseLocale(group.campaign.defaultLocale) ?? "zh-CN";
    chats.set(group.chatId, { chatId: group.chatId, locale, kind: "group" });
  }
  return [...chats.values()];
}
