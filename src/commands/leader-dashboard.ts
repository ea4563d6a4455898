import type { BoundSession } from "../chat/staff-commands.js";
import { textReply } from "../chat/text-reply.js";
import type { Reply } from "../core/reply.js";
import {
  createSignInLink,
  DASHBOARD_SESSION_TTL_MS,
  SIGN_IN_LINK_TTL_MS,
} from "../dashboard/dashboard-sign-in.js";
import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** Where the leaders' commands send people outside the chat. */
export interface LeaderLinks {
  /** duban's address as people reach it (no trailing slash); undefined: no HTTP server. */
  dashboardUrl?: () => string | undefined;
}

/**
 * `/dashboard`: a one-time link that signs the leader in to the dashboard as themselves.
 * Only where nobody else reads the answer: a private chat, or an answer only they see (a
 * Slack slash command's); in a group it says to ask privately.
 */
export async function dashboardCommand(
  tx: Tx,
  session: BoundSession,
  links: LeaderLinks,
): Promise<Reply[]> {
  const { incoming, tr } = session;
  if (incoming.chat.kind !== "private" && incoming.respond !== "direct") {
    return [textReply(tr("leader.dashboard.privateOnly"))];
  }
  const base = links.dashboardUrl?.();
  if (!base) return [textReply(tr("leader.dashboard.unavailable"))];
  const link = await createSignInLink(tx, { memberId: session.member.id, now: session.now });
  return [
    textReply(
      tr("leader.dashboard.link", {
        url: `${base}/dashboard/sign-in/${link.token}`,
        minutes: SIGN_IN_LINK_TTL_MS / 60_000,
        hours: DASHBOARD_SESSION_TTL_MS / 3_600_000,
      }),
    ),
  ];
}
