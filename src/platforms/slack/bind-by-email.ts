import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../../logger.js";

/**
 * Binds members that the campaign file gives an email but no Slack user id to the Slack
 * account with that email (`users.lookupByEmail`), so they are prompted without an invite.
 * An account already bound to someone else is left alone (the campaign file or an invite
 * decides), and so is a member already bound on Slack. Safe to run on several instances at
 * once: the unique keys make a second insert of the same binding a no-op.
 */
export async function bindSlackMembersByEmail(
  prisma: PrismaClient,
  options: { lookup: (email: string) => Promise<string | undefined>; logger: Logger },
): Promise<{ bound: string[]; notFound: string[] }> {
  const members = await prisma.member.findMany({
    where: {
      archivedAt: null,
      email: { not: null },
      identities: { none: { platform: "slack" } },
      memberships: { some: { archivedAt: null, campaign: { archivedAt: null } } },
    },
    select: { id: true, key: true, email: true },
    orderBy: { key: "asc" },
  });
  const bound: string[] = [];
  const notFound: string[] = [];
  for (const member of members) {
    if (!member.email) continue;
    const userId = await options.lookup(member.email);
    if (!userId) {
      notFound.push(member.key);
      continue;
    }
    const created = await prisma.chatIdentity.createMany({
      data: [{ platform: "slack", externalId: userId, memberId: member.id }],
      skipDuplicates: true,
    });
    if (created.count > 0) bound.push(member.key);
    else
      options.logger.warn(
        { member: member.key },
        "slack account of that email is bound to someone else",
      );
  }
  return { bound, notFound };
}
