import type { PrismaClient } from "../../generated/prisma/client.js";
import { hashSecretToken, isPlausibleToken, newSecretToken } from "../../http/secret-token.js";
import type { WebSender } from "./to-incoming.js";

/** How long a try-out session lasts from when the member was chosen. */
export const TRYOUT_SESSION_TTL_MS = 24 * 3_600_000;

/** The signed-in member of a session, as the routes need it. */
export interface TryoutSession extends WebSender {
  sessionId: string;
  expiresAt: Date;
  member: { key: string; name: string; locale: string | null };
}

/** Starts a session for a web identity; resolves with the token (stored only as its hash). */
export async function createTryoutSession(
  prisma: PrismaClient,
  options: { identityId: string; now: Date; ttlMs?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken();
  const expiresAt = new Date(options.now.getTime() + (options.ttlMs ?? TRYOUT_SESSION_TTL_MS));
  await prisma.webSession.create({
    data: { tokenHash: hashSecretToken(token), identityId: options.identityId, expiresAt },
  });
  return { token, expiresAt };
}

/** The session of `token` if it exists, has not expired and its member is not archived. */
export async function findTryoutSession(
  prisma: PrismaClient,
  options: { token: string | undefined; now: Date },
): Promise<TryoutSession | undefined> {
  if (!isPlausibleToken(options.token)) return undefined;
  const row = await prisma.webSession.findUnique({
    where: { tokenHash: hashSecretToken(options.token) },
    include: { identity: { include: { member: true } } },
  });
  if (!row || row.expiresAt <= options.now || row.identity.member.archivedAt) return undefined;
  const { identity } = row;
  return {
    sessionId: row.id,
    expiresAt: row.expiresAt,
    identityId: identity.id,
    externalId: identity.externalId,
    displayName: identity.member.name,
    member: {
      key: identity.member.key,
      name: identity.member.name,
      locale: identity.member.locale,
    },
  };
}

/** Ends a session (signing out); ending one already gone is fine. */
export async function endTryoutSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.webSession.deleteMany({ where: { id: sessionId } });
}
