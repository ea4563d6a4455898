import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { hashSecretToken, isPlausibleToken, newSecretToken } from "../http/secret-token.js";

type Tx = Prisma.TransactionClient;

/** How long a sign-in link from `/dashboard` works: long enough to open it, once. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;

/** How long a dashboard session lasts from sign-in, however much it is used. */
export const DASHBOARD_SESSION_TTL_MS = 12 * 3_600_000;

/** What a sign-in link is now: usable (for whom), or why not. */
export type SignInLinkState =
  | { kind: "usable"; memberName: string }
  | { kind: "used" | "expired" | "unknown" };

/** A signed-in dashboard session, as the auth middleware needs it. */
export interface DashboardSessionRow {
  sessionId: string;
  memberId: string;
  memberName: string;
}

/** Creates a one-time sign-in link for a member; resolves with its token (stored hashed). */
export async function createSignInLink(
  tx: Tx,
  options: { memberId: string; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken();
  const expiresAt = new Date(options.now.getTime() + SIGN_IN_LINK_TTL_MS);
  await tx.dashboardSignInLink.create({
    data: { tokenHash: hashSecretToken(token), memberId: options.memberId, expiresAt },
  });
  return { token, expiresAt };
}

/**
 * What a link is, without using it: the confirmation page shows this, so a mail or chat
 * client that fetches links to preview them cannot spend one.
 */
export async function inspectSignInLink(
  db: Tx,
  options: { token: string | undefined; now: Date },
): Promise<SignInLinkState> {
  if (!isPlausibleToken(options.token)) return { kind: "unknown" };
  const link = await db.dashboardSignInLink.findUnique({
    where: { tokenHash: hashSecretToken(options.token) },
    select: { usedAt: true, expiresAt: true, member: { select: { name: true, archivedAt: true } } },
  });
  if (!link || link.member.archivedAt) return { kind: "unknown" };
  if (link.usedAt) return { kind: "used" };
  if (link.expiresAt <= options.now) return { kind: "expired" };
  return { kind: "usable", memberName: link.member.name };
}

/**
 * Uses a link: marks it used and starts a session, in one transaction. The link is taken by a
 * conditional update, so of two requests racing with the same link only one signs in.
 */
export async function redeemSignInLink(
  prisma: PrismaClient,
  options: { token: string | undefined; now: Date },
): Promise<
  { kind: "signedIn"; token: string; expiresAt: Date } | { kind: "used" | "expired" | "unknown" }
> {
  const { token, now } = options;
  if (!isPlausibleToken(token)) return { kind: "unknown" };
  const tokenHash = hashSecretToken(token);
  return prisma.$transaction(async (tx) => {
    const taken = await tx.dashboardSignInLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now }, member: { archivedAt: null } },
      data: { usedAt: now },
    });
    if (taken.count === 0) {
      const state = await inspectSignInLink(tx, { token, now });
      return { kind: state.kind === "usable" ? "unknown" : state.kind };
    }
    const { memberId } = await tx.dashboardSignInLink.findUniqueOrThrow({
      where: { tokenHash },
      select: { memberId: true },
    });
    const sessionToken = newSecretToken();
    const expiresAt = new Date(now.getTime() + DASHBOARD_SESSION_TTL_MS);
    await tx.dashboardSession.create({
      data: { tokenHash: hashSecretToken(sessionToken), memberId, expiresAt },
    });
    return { kind: "signedIn", token: sessionToken, expiresAt };
  });
}

/** The session of a cookie's token, if it exists, has not expired and its member is active. */
export async function findDashboardSession(
  prisma: PrismaClient,
  options: { token: string | undefined; now: Date },
): Promise<DashboardSessionRow | undefined> {
  if (!isPlausibleToken(options.token)) return undefined;
  const row = await prisma.dashboardSession.findUnique({
    where: { tokenHash: hashSecretToken(options.token) },
    select: {
      id: true,
      expiresAt: true,
      member: { select: { id: true, name: true, archivedAt: true } },
    },
  });
  if (!row || row.expiresAt <= options.now || row.member.archivedAt) return undefined;
  return { sessionId: row.id, memberId: row.member.id, memberName: row.member.name };
}

/** Ends a session (signing out); ending one already gone is fine. */
export async function endDashboardSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.dashboardSession.deleteMany({ where: { id: sessionId } });
}
