import { z } from "zod";
import type { Incoming } from "../core/incoming.js";
import { Prisma } from "../generated/prisma/client.js";
import { DEFAULT_LOCALE, type Locale, normaliseLocale } from "../i18n/locales.js";
import { type Translate, translatorFor } from "../i18n/translate.js";
import { clearUnreachable } from "../outbox/clear-unreachable.js";
import { campaignStampSql, jsonValue } from "./campaign-context.js";
import { REPORT_CONVERSATION_KIND } from "./open-conversation.js";

type Tx = Prisma.TransactionClient;

/** `lastSeenAt` is kept to the hour: writing it on every message would cost a statement each. */
export const LAST_SEEN_RESOLUTION_MS = 3_600_000;

/** Who is talking, as far as the database knows, and in which language to answer. */
export interface ChatSession {
  incoming: Incoming;
  identity?: { id: string; memberId: string };
  member?: { id: string; key: string; name: string; locale: string | null };
  locale: Locale;
  tr: Translate;
  now: Date;
  /** The stamp of each campaign the member belongs to, read with the member's lock: what
   * `loadCampaignContext` checks its cached contexts against. */
  campaignStamps?: ReadonlyMap<string, string>;
  /** The chat account's open weekly-report conversation, read by the statement that took the
   * member's lock (null: none). That statement's snapshot predates the lock when it had to
   * wait for another step of this member, so this may be stale: only a write guarded by its
   * `version` (and `closedAt IS NULL`) may rely on it; anything else reads it again. */
  openConversation?: OpenConversationRow | null;
  /** The default locale of the member's first campaign, which `locale` falls back on. */
  campaignLocale?: string | null;
  /** Told of the conversation this update opened, as written (see `StepMemory`). */
  onConversationOpened?: (row: OpenConversationRow) => void;
  /** This update lifted the chat's unreachable mark: rows that waited for it are due now. */
  reachableAgain?: true;
}

/** What the next step of a conversation needs of its row. */
export interface OpenConversationRow {
  id: string;
  campaignId: string | null;
  answers: unknown;
  flowVersion: number;
  version: number;
  expiresAt: Date | null;
}

interface IdentityRow {
  id: string;
  memberId: string;
  privateChatId: string | null;
  lastSeenAt: Date | null;
  unreachableAt: Date | null;
  key: string;
  name: string;
  locale: string | null;
  archivedAt: Date | null;
  campaignLocale: string | null;
  campaignStamps: unknown;
  conversationId: string | null;
  conversationCampaignId: string | null;
  conversationAnswers: unknown;
  conversationFlowVersion: number | null;
  conversationVersion: number | null;
  conversationExpiresAt: Date | null;
}

/**
 * Loads the sender's chat identity and member, and locks the member's row for the rest of
 * the transaction, so one person's messages are handled one at a time even across
 * instances, and across their chat accounts: a member bound on two platforms never edits a
 * report from two conversations at once. (The member row, not the identity: everything that
 * locks both takes the member first — an import updates members before identities — so the
 * order never crosses into a deadlock.) One statement: this runs for every update.
 */
export async function loadChatSession(tx: Tx, incoming: Incoming, now: Date): Promise<ChatSession> {
  const rows = await tx.$queryRaw<IdentityRow[]>(identitySql(incoming));
  return sessionOf(tx, { incoming, now, row: rows[0] });
}

/**
 * Records the update as handled and, unless it had been already (a redelivery: then
 * undefined, and nothing is written), loads the session as `loadChatSession` does, the
 * member's row locked. One statement: the InboundUpdate insert rides along with the lock.
 */
export async function recordAndLoadChatSession(
  tx: Tx,
  incoming: Incoming,
  now: Date,
): Promise<ChatSession | undefined> {
  const rows = await tx.$queryRaw<(Partial<IdentityRow> & { fresh: number })[]>`
    WITH recorded AS (
      INSERT INTO "InboundUpdate" ("platform", "updateKey", "handledAt")
      VALUES (${incoming.platform}::"Platform", ${incoming.updateKey}, (now() AT TIME ZONE 'UTC'))
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM recorded)::int AS "fresh", s.*
      FROM (SELECT 1) AS one LEFT JOIN (${identitySql(incoming)}) AS s ON true`;
  const [first] = rows;
  if (!first || Number(first.fresh) === 0) return undefined;
  const { fresh: _fresh, ...row } = first;
  return sessionOf(tx, {
    incoming,
    now,
    row: row.id === null || row.id === undefined ? undefined : (row as IdentityRow),
  });
}

/**
 * The identity and member of the sender, the member's row locked (see `loadChatSession`), and
 * the identity's open weekly-report conversation (see `ChatSession.openConversation`).
 */
function identitySql(incoming: Incoming): Prisma.Sql {
  return Prisma.sql`
    SELECT ci."id", ci."memberId", ci."privateChatId", ci."lastSeenAt", ci."unreachableAt",
           m."key", m."name", m."locale", m."archivedAt",
           ${campaignLocaleSql("m")} AS "campaignLocale",
           (SELECT json_agg(json_build_array(c."id", ${campaignStampSql("c")}))
              FROM "CampaignMember" cm JOIN "Campaign" c ON c."id" = cm."campaignId"
             WHERE cm."memberId" = m."id") AS "campaignStamps",
           cv."id" AS "conversationId", cv."campaignId" AS "conversationCampaignId",
           cv."answers" AS "conversationAnswers", cv."flowVersion" AS "conversationFlowVersion",
           cv."version" AS "conversationVersion", cv."expiresAt" AS "conversationExpiresAt"
      FROM "ChatIdentity" ci JOIN "Member" m ON m."id" = ci."memberId"
      LEFT JOIN LATERAL (
        SELECT c."id", c."campaignId", c."answers", c."flowVersion", c."version", c."expiresAt"
          FROM "Conversation" c
         WHERE c."identityId" = ci."id" AND c."closedAt" IS NULL
           AND c."kind" = ${REPORT_CONVERSATION_KIND}
         ORDER BY c."createdAt" DESC LIMIT 1) AS cv ON true
     WHERE ci."platform" = ${incoming.platform}::"Platform" AND ci."externalId" = ${incoming.user.externalId}
     FOR UPDATE OF m`;
}

/** The default locale of the member's first active campaign (`m`: the `Member` row's alias). */
export function campaignLocaleSql(m: string): Prisma.Sql {
  const member = Prisma.raw(`${m}."id"`);
  return Prisma.sql`(SELECT c."defaultLocale" FROM "CampaignMember" cm
              JOIN "Campaign" c ON c."id" = cm."campaignId"
             WHERE cm."memberId" = ${member} AND cm."archivedAt" IS NULL AND c."archivedAt" IS NULL
             ORDER BY cm."createdAt" LIMIT 1)`;
}

async function sessionOf(
  tx: Tx,
  { incoming, now, row }: { incoming: Incoming; now: Date; row: IdentityRow | undefined },
): Promise<ChatSession> {
  const member = row && !row.archivedAt ? row : undefined;
  const locale =
    normaliseLocale(member?.locale) ??
    normaliseLocale(member?.campaignLocale) ??
    normaliseLocale(incoming.user.languageCode) ??
    DEFAULT_LOCALE;
  const seenRecently =
    row?.lastSeenAt && now.getTime() - row.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS;
  if (
    row &&
    incoming.chat.kind === "private" &&
    (!seenRecently || row.privateChatId !== incoming.chat.id)
  ) {
    await tx.chatIdentity.update({
      where: { id: row.id },
      data: { lastSeenAt: now, privateChatId: incoming.chat.id },
    });
  }
  // Writing again lifts the platform's refusal (they unblocked the bot, or started it).
  const reachableAgain = Boolean(row?.unreachableAt) && incoming.platform !== "web";
  if (reachableAgain) {
    await clearUnreachable(tx, {
      platform: incoming.platform,
      externalId: incoming.user.externalId,
    });
  }
  return {
    ...(reachableAgain ? { reachableAgain: true as const } : {}),
    incoming,
    ...(member ? { identity: { id: member.id, memberId: member.memberId } } : {}),
    ...(member
      ? {
          member: {
            id: member.memberId,
            key: member.key,
            name: member.name,
            locale: member.locale,
          },
        }
      : {}),
    locale,
    tr: translatorFor(locale, incoming.platform),
    now,
    ...(member ? { campaignStamps: stampsOf(member.campaignStamps) } : {}),
    ...(member ? { campaignLocale: member.campaignLocale } : {}),
    ...(member ? { openConversation: openConversationOf(member) } : {}),
  };
}

function openConversationOf(row: IdentityRow): OpenConversationRow | null {
  if (row.conversationId === null || row.conversationId === undefined) return null;
  return {
    id: row.conversationId,
    campaignId: row.conversationCampaignId,
    answers: jsonValue(row.conversationAnswers),
    flowVersion: Number(row.conversationFlowVersion),
    version: Number(row.conversationVersion),
    expiresAt: row.conversationExpiresAt,
  };
}

const ZStamps = z.preprocess(jsonValue, z.array(z.tuple([z.string(), z.string()])).nullable());

function stampsOf(value: unknown): ReadonlyMap<string, string> {
  const parsed = ZStamps.safeParse(value);
  return new Map(parsed.success ? (parsed.data ?? []) : []);
}

/** A session for a member whose locale just changed. */
export function withLocale(session: ChatSession, locale: Locale): ChatSession {
  return { ...session, locale, tr: translatorFor(locale, session.incoming.platform) };
}
