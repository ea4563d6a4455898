import type { Incoming } from "../core/incoming.js";
import type { Prisma } from "../generated/prisma/client.js";
import { DEFAULT_LOCALE, type Locale, normaliseLocale } from "../i18n/locales.js";
import { type Translate, translatorFor } from "../i18n/translate.js";

type Tx = Prisma.TransactionClient;

/** Who is talking, as far as the database knows, and in which language to answer. */
export interface ChatSession {
  incoming: Incoming;
  identity?: { id: string; memberId: string };
  member?: { id: string; key: string; name: string; locale: string | null };
  locale: Locale;
  tr: Translate;
  now: Date;
}

/**
 * Loads the chat identity of the sender and locks its row for the rest of the transaction,
 * so one person's messages are handled one at a time even across instances.
 */
export async function loadChatSession(tx: Tx, incoming: Incoming, now: Date): Promise<ChatSession> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ChatIdentity"
     WHERE "platform" = ${incoming.platform}::"Platform" AND "externalId" = ${incoming.user.externalId}
     FOR UPDATE`;
  const identityId = locked[0]?.id;
  const identity = identityId
    ? await tx.chatIdentity.findUnique({
        where: { id: identityId },
        include: {
          member: {
            include: {
              memberships: {
                where: { archivedAt: null, campaign: { archivedAt: null } },
                include: { campaign: { select: { defaultLocale: true } } },
                orderBy: { createdAt: "asc" },
                take: 1,
              },
            },
          },
        },
      })
    : null;
  const member = identity && !identity.member.archivedAt ? identity.member : undefined;
  const locale =
    normaliseLocale(member?.locale) ??
    normaliseLocale(member?.memberships[0]?.campaign.defaultLocale) ??
    normaliseLocale(incoming.user.languageCode) ??
    DEFAULT_LOCALE;
  if (identity && incoming.chat.kind === "private") {
    await tx.chatIdentity.update({
      where: { id: identity.id },
      data: { lastSeenAt: now, privateChatId: incoming.chat.id },
    });
  }
  return {
    incoming,
    ...(identity && member ? { identity: { id: identity.id, memberId: member.id } } : {}),
    ...(member
      ? { member: { id: member.id, key: member.key, name: member.name, locale: member.locale } }
      : {}),
    locale,
    tr: translatorFor(locale),
    now,
  };
}

/** A session for a member whose locale just changed. */
export function withLocale(session: ChatSession, locale: Locale): ChatSession {
  return { ...session, locale, tr: translatorFor(locale) };
}
