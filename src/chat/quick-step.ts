import type { Incoming } from "../core/incoming.js";
import { Prisma } from "../generated/prisma/client.js";
import { normaliseLocale } from "../i18n/locales.js";
import { campaignStampSql } from "./campaign-context.js";
import {
  type ChatSession,
  campaignLocaleSql,
  LAST_SEEN_RESOLUTION_MS,
  type OpenConversationRow,
} from "./chat-session.js";
import { REPORT_CONVERSATION_KIND } from "./open-conversation.js";
import type { ConversationStepWrite } from "./write-conversation-step.js";

/**
 * The sessions this process wrote a conversation's step for, as they stood after it, by chat
 * account. The next message of the same person is worked out from it without reading, and
 * written with a statement that checks, under the member's lock, that nothing it was worked
 * out from has changed since (`quickStepGuardSql`): then it is the step the transaction would
 * have written. Only a cache: a guard that fails means "read it all again".
 */
export interface StepMemory {
  recall(incoming: Incoming): ChatSession | undefined;
  /** After `write` committed: the session as it stands now. */
  remember(session: ChatSession, write: ConversationStepWrite): void;
  /** After the update that opened `conversation` committed. */
  rememberOpened(session: ChatSession, conversation: OpenConversationRow): void;
  forget(incoming: Incoming): void;
}

const keyOf = (incoming: Incoming) => `${incoming.platform}\u0000${incoming.user.externalId}`;

export function createStepMemory(limit = 10_000): StepMemory {
  const sessions = new Map<string, ChatSession>();
  const keep = (session: ChatSession, conversation: OpenConversationRow) => {
    const key = keyOf(session.incoming);
    sessions.delete(key);
    if (!session.member || !session.identity) return;
    const { onConversationOpened: _told, reachableAgain: _lifted, ...rest } = session;
    sessions.set(key, { ...rest, openConversation: conversation });
    if (sessions.size > limit) {
      const oldest = sessions.keys().next().value;
      if (oldest !== undefined) sessions.delete(oldest);
    }
  };
  return {
    recall(incoming) {
      return sessions.get(keyOf(incoming));
    },
    remember(session, write) {
      const open = session.openConversation;
      // Only a step worked out from the row the session holds: it is what the write replaced.
      if (!open || open.id !== write.conversationId || open.version !== write.version) {
        sessions.delete(keyOf(session.incoming));
        return;
      }
      keep(session, {
        ...open,
        // As the row now holds it, read back: JSON, whatever the step's objects were.
        answers: JSON.parse(JSON.stringify(write.state)),
        version: write.nextVersion,
      });
    },
    rememberOpened(session, conversation) {
      keep(session, { ...conversation, answers: JSON.parse(JSON.stringify(conversation.answers)) });
    },
    forget(incoming) {
      sessions.delete(keyOf(incoming));
    },
  };
}

/** Thrown by `NO_DATABASE`: the answer needs a read, so it is worked out in a transaction. */
export class NeedsDatabase extends Error {
  override name = "NeedsDatabase";
}

/**
 * A transaction client for working out an answer from a remembered session alone: any use of
 * it throws `NeedsDatabase`.
 */
export const NO_DATABASE = new Proxy(
  {},
  {
    get() {
      throw new NeedsDatabase("this answer reads the database");
    },
  },
) as Prisma.TransactionClient;

/**
 * The two leading parts of a quick step's statement (see `conversationStepSql`). `guard` takes
 * the member's, the chat account's and the conversation's rows FOR UPDATE, member first as
 * every writer does, and finds them only if they are still what `session` was worked out
 * from: the conversation open at the same version, the member and the account as they were
 * (so no last-seen stamp or unreachable mark is due), the campaign's stamp and the locale's
 * fallback unchanged (and, when neither the member nor the campaign sets a language, the
 * chat's own, from `remembered`'s update). Rows a lock waited for are checked again as they
 * are after the wait. `recorded` then records the update as handled, only past the guard; a
 * redelivered update records nothing, and so writes nothing.
 */
export function quickStepGuardSql(
  session: ChatSession,
  write: ConversationStepWrite,
  remembered: ChatSession = session,
): { guard: Prisma.Sql; recorded: Prisma.Sql } | undefined {
  const { incoming, member, identity, openConversation: open } = session;
  if (!member || !identity || !open?.campaignId || open.id !== write.conversationId) {
    return undefined;
  }
  const stamp = session.campaignStamps?.get(open.campaignId);
  if (stamp === undefined || session.campaignLocale === undefined) return undefined;
  // With neither the member's nor the campaign's language, the chat's own decides.
  const ownLanguage = !normaliseLocale(member.locale) && !normaliseLocale(session.campaignLocale);
  if (ownLanguage && remembered.incoming.user.languageCode !== incoming.user.languageCode) {
    return undefined;
  }
  const platform = Prisma.sql`${incoming.platform}::"Platform"`;
  const seenSince = new Date(session.now.getTime() - LAST_SEEN_RESOLUTION_MS);
  const guard = Prisma.sql`
    SELECT 1 FROM "Member" m
      JOIN "ChatIdentity" ci ON ci."memberId" = m."id"
      JOIN "Conversation" c ON c."identityId" = ci."id"
      JOIN "Campaign" camp ON camp."id" = c."campaignId"
     WHERE m."id" = ${member.id}::uuid AND ci."id" = ${identity.id}::uuid
       AND ci."platform" = ${platform} AND ci."externalId" = ${incoming.user.externalId}
       AND c."id" = ${open.id}::uuid AND c."version" = ${write.version}
       AND c."closedAt" IS NULL AND c."kind" = ${REPORT_CONVERSATION_KIND}
       AND c."flowVersion" = ${open.flowVersion}
       AND c."expiresAt" IS NOT DISTINCT FROM ${open.expiresAt}::timestamp(3)
       AND m."archivedAt" IS NULL AND m."key" = ${member.key} AND m."name" = ${member.name}
       AND m."locale" IS NOT DISTINCT FROM ${member.locale}
       AND ${campaignLocaleSql("m")} IS NOT DISTINCT FROM ${session.campaignLocale}
       AND ci."unreachableAt" IS NULL AND ci."privateChatId" = ${incoming.chat.id}
       AND ci."lastSeenAt" > ${seenSince}::timestamp(3)
       AND ${campaignStampSql("camp")} = ${stamp}
       FOR UPDATE OF m, ci, c`;
  const recorded = Prisma.sql`
    INSERT INTO "InboundUpdate" ("platform", "updateKey", "handledAt")
    SELECT ${platform}, ${incoming.updateKey}, (now() AT TIME ZONE 'UTC')
     WHERE EXISTS (SELECT 1 FROM guard)
    ON CONFLICT DO NOTHING
    RETURNING 1`;
  return { guard, recorded };
}
