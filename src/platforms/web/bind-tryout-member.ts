import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.js";

/**
 * Binds the try-out chat to a member: their web `ChatIdentity`, created on first use and
 * reused after (one per member). It is marked seen now, so the scheduler writes to the chat
 * the person is trying rather than to an account the campaign file names but nobody reads.
 * Only the try-out calls this: a web identity is never bound outside it. Resolves undefined
 * for a member who is unknown, archived or in no active campaign.
 */
export async function bindTryoutMember(
  prisma: PrismaClient,
  options: { memberKey: string; now: Date },
): Promise<{ identityId: string; externalId: string } | undefined> {
  const member = await prisma.member.findFirst({
    where: {
      key: options.memberKey,
      archivedAt: null,
      memberships: { some: { archivedAt: null, campaign: { archivedAt: null } } },
    },
    select: { id: true },
  });
  if (!member) return undefined;
  const externalId = randomUUID();
  const identity = await prisma.chatIdentity.upsert({
    where: { platform_memberId: { platform: "web", memberId: member.id } },
    create: {
      platform: "web",
      memberId: member.id,
      externalId,
      privateChatId: externalId,
      lastSeenAt: options.now,
    },
    update: { lastSeenAt: options.now, unreachableAt: null, unreachableReason: null },
    select: { id: true, externalId: true },
  });
  return { identityId: identity.id, externalId: identity.externalId };
}
