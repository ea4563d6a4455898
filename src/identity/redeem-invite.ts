import { AppError } from "../errors/app-error.js";
import type { Prisma } from "../generated/prisma/client.js";
import { hashInviteCode } from "./invite-code.js";

/**
 * Binds the chat account to the invite's member, in the caller's transaction. The invite
 * is claimed with a guarded update, so two redemptions of one code cannot both win.
 *
 * @throws AppError inviteUnknown | inviteExpired | inviteUsed | inviteOtherPlatform | alreadyBound
 */
export async function redeemInvite(
  tx: Prisma.TransactionClient,
  options: {
    code: string;
    platform: "telegram" | "slack";
    externalId: string;
    privateChatId: string;
    username?: string;
    now: Date;
  },
): Promise<{ memberId: string; identityId: string }> {
  const invite = await tx.invite.findUnique({
    where: { codeHash: hashInviteCode(options.code) },
    include: { member: true },
  });
  if (!invite || invite.member.archivedAt) throw new AppError("inviteUnknown");
  if (invite.platform !== options.platform) {
    const platform = options.platform === "telegram" ? "Telegram" : "Slack";
    throw new AppError("inviteOtherPlatform", { params: { platform } });
  }
  if (invite.usedAt) throw new AppError("inviteUsed");
  if (invite.expiresAt <= options.now) throw new AppError("inviteExpired");

  const holder = await tx.chatIdentity.findUnique({
    where: { platform_externalId: { platform: options.platform, externalId: options.externalId } },
  });
  if (holder && holder.memberId !== invite.memberId) throw new AppError("alreadyBound");

  const claimed = await tx.invite.updateMany({
    where: { id: invite.id, usedAt: null },
    data: { usedAt: options.now },
  });
  if (claimed.count === 0) throw new AppError("inviteUsed");

  // The member's previous account on this platform (a new phone, a new account) is replaced.
  const identity = await tx.chatIdentity.upsert({
    where: { platform_memberId: { platform: options.platform, memberId: invite.memberId } },
    create: {
      platform: options.platform,
      externalId: options.externalId,
      memberId: invite.memberId,
      privateChatId: options.privateChatId,
      username: options.username ?? null,
      boundAt: options.now,
    },
    update: {
      externalId: options.externalId,
      privateChatId: options.privateChatId,
      username: options.username ?? null,
      boundAt: options.now,
    },
  });
  await tx.auditEvent.create({
    data: {
      actor: `member:${invite.member.key}`,
      action: "invite.redeemed",
      entity: "chatIdentity",
      entityId: identity.id,
      campaignId: invite.campaignId,
      after: { platform: options.platform, externalId: options.externalId },
    },
  });
  return { memberId: invite.memberId, identityId: identity.id };
}
