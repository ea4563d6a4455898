import type { PrismaClient } from "../generated/prisma/client.js";
import { hashInviteCode, newInviteCode } from "./invite-code.js";

export type CreateInviteResult =
  | { ok: true; code: string; expiresAt: Date; memberName: string }
  | { ok: false; reason: "memberNotFound" | "memberArchived" | "campaignNotFound" };

/**
 * Creates a one-time code that binds a chat account on `platform` to the member. The code
 * is returned once and stored only as a hash; it expires after `ttlHours`.
 */
export async function createInvite(options: {
  prisma: PrismaClient;
  memberKey: string;
  platform: "telegram" | "slack";
  campaignId?: string;
  ttlHours: number;
  now?: Date;
}): Promise<CreateInviteResult> {
  const { prisma } = options;
  const member = await prisma.member.findUnique({ where: { key: options.memberKey } });
  if (!member) return { ok: false, reason: "memberNotFound" };
  if (member.archivedAt) return { ok: false, reason: "memberArchived" };
  const code = newInviteCode();
  const expiresAt = new Date((options.now ?? new Date()).getTime() + options.ttlHours * 3_600_000);
  await prisma.$transaction(async (tx) => {
    await tx.invite.create({
      data: {
        codeHash: hashInviteCode(code),
        memberId: member.id,
        platform: options.platform,
        campaignId: options.campaignId ?? null,
        expiresAt,
      },
    });
    await tx.auditEvent.create({
      data: {
        actor: "cli",
        action: "invite.created",
        entity: "member",
        entityId: member.id,
        campaignId: options.campaignId ?? null,
        after: { platform: options.platform, expiresAt: expiresAt.toISOString() },
      },
    });
  });
  return { ok: true, code, expiresAt, memberName: member.name };
}
