import type { LeaderLinks } from "../commands/leader-dashboard.js";
import { type DirectAnswer, NO_DIRECT_ANSWER } from "../core/direct-answer.js";
import { type IncomingHandler, ZIncoming } from "../core/incoming.js";
import { toAppError } from "../errors/app-error.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { DEFAULT_LOCALE, type Locale, normaliseLocale } from "../i18n/locales.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../logger.js";
import {
  enqueueRepliesClaimed,
  outboxRowsQueued,
  type RepliesToQueue,
  replyKeyOf,
  takeInserted,
} from "../outbox/enqueue-replies.js";
import { dropHeldReplies, releaseHeldReplies } from "../outbox/held-replies.js";
import type { HandedRow, InsertClaim } from "../outbox/insert-outbox-rows.js";
import type { ClaimHandoff } from "../outbox/outbox-dispatcher.js";
import { CONTINUATION_WINDOW_MS } from "../reporting/typed-answer.js";
import {
  type ChatSession,
  type OpenConversationRow,
  recordAndLoadChatSession,
} from "./chat-session.js";
import { createStepMemory, NO_DATABASE, quickStepGuardSql } from "./quick-step.js";
import type { ChatAnswer } from "./report-conversation-service.js";
import { routeIncoming } from "./route-incoming.js";
import { textReply } from "./text-reply.js";
import {
  type ConversationStepWrite,
  conversationStepSql,
  type StepRow,
  writeConversationStep,
} from "./write-conversation-step.js";

/** What `settle` says when the step's write found the conversation it relied on stale. */
const STALE = Symbol("stale");

export type { IncomingHandler } from "../core/incoming.js";

/**
 * The core's entry point. Each update is handled once, in one transaction: it is recorded
 * as handled (a redelivery after a crash is recognised and skipped), the sender's member
 * row is locked (one person's messages are handled one at a time, across instances and
 * across their chat accounts), the
 * conversation moves on, and the replies are queued in the outbox. After the commit the
 * dispatcher is nudged to send them.
 *
 * A failure rolls everything back, then records the update with an apology so the person
 * is not left without an answer; the error goes to the log with ids only.
 *
 * What the adapter must show at once comes back as a `DirectAnswer`: a form to open, a
 * form's field errors, or, for an update that asked `respond: "direct"`, the replies
 * themselves instead of queueing them (Slack's ephemeral slash-command answers).
 */
export function createIncomingHandler(deps: {
  prisma: PrismaClient;
  logger: Logger;
  now?: () => Date;
  /** Called after a commit that queued rows for the sender to claim. */
  onQueued?: () => void;
  /** The sender, which takes a step's replies as they are inserted (see `ClaimHandoff`):
   * without it every commit nudges `onQueued`. */
  handoff?: ClaimHandoff;
  /** Addresses outside the chat that replies give out (the dashboard's sign-in links). */
  links?: LeaderLinks;
}): IncomingHandler {
  const now = deps.now ?? (() => new Date());
  const memory = createStepMemory();
  return async (raw) => {
    const parsed = ZIncoming.safeParse(raw);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues.length }, "invalid incoming dropped");
      return NO_DIRECT_ANSWER;
    }
    const incoming = parsed.data;
    const key = { platform: incoming.platform, updateKey: incoming.updateKey };
    type Answered = ChatAnswer & { at?: Date; locale: Locale };
    /** Where `answered`'s replies go, and when; undefined: they are the adapter's to show. */
    const queueOf = (answered: Answered): RepliesToQueue | undefined => {
      const { replies, delivery, at = incoming.receivedAt } = answered;
      if (incoming.respond === "direct" && !answered.direct) return undefined;
      return {
        platform: incoming.platform,
        recipient: incoming.chat.id,
        replies,
        idempotencyKey: replyKeyOf(incoming),
        now: at,
        ...(delivery === "hold" || delivery === "replaceHeld"
          ? { notBefore: new Date(at.getTime() + CONTINUATION_WINDOW_MS) }
          : {}),
      };
    };
    /**
     * The next step of a conversation this process wrote the last step of, worked out from
     * the session as it was left and written in one statement that checks it still is (see
     * `StepMemory`). Undefined when that cannot be: the answer needs a read, is more than a
     * step, or the guard found something changed. Then nothing was written.
     */
    const quickStep = async (remembered: ChatSession): Promise<DirectAnswer | undefined> => {
      const at = now();
      const session: ChatSession = { ...remembered, incoming, now: at };
      let answered: ChatAnswer;
      try {
        answered = await routeIncoming(NO_DATABASE, session, deps.links);
      } catch {
        return undefined; // it reads, or fails: the transaction works it out again
      }
      const { write, held, delivery, direct } = answered;
      if (!write || held || delivery !== "now" || direct) return undefined;
      const queue = queueOf({ ...answered, at, locale: session.locale });
      const guard = queue && quickStepGuardSql(session, write, remembered);
      if (!queue || !guard) return undefined;
      const queuedBefore = outboxRowsQueued();
      const claim = deps.handoff?.takeClaim(incoming.platform);
      const updatedAt = new Date();
      let row: StepRow | undefined;
      try {
        [row] = await deps.prisma.$queryRaw<StepRow[]>(
          conversationStepSql({ write, replies: queue, claim, updatedAt, guard }),
        );
      } catch (error: unknown) {
        // One statement: it wrote nothing. The transaction tries again.
        deps.logger.warn({ err: error, platform: incoming.platform }, "quick step not written");
        return undefined;
      }
      if (!row || row.guarded === 0) return undefined;
      if (row.recorded === 0) return NO_DIRECT_ANSWER; // handled already: a redelivery
      if (row.stepped === 0) {
        // The guard held the conversation's row at this version: this cannot be.
        throw new Error(`conversation ${write.conversationId} recorded but not stepped`);
      }
      const handed = takeInserted(queue, row.queued ?? [], updatedAt);
      memory.remember(session, write);
      if (claim) deps.handoff?.adopt(incoming.platform, claim, handed);
      if (!deps.handoff || outboxRowsQueued() !== queuedBefore) deps.onQueued?.();
      return { kind: "none", locale: session.locale };
    };
    const remembered = memory.recall(incoming);
    if (remembered) {
      const quick = await quickStep(remembered);
      if (quick) return quick;
    }
    memory.forget(incoming);
    const queuedBefore = outboxRowsQueued();
    /** What the last transaction's `settle` wrote that the sender needs to hear of. */
    let written: {
      handover?: { claim: InsertClaim; rows: HandedRow[] };
      heldChanged: boolean;
      step?: ConversationStepWrite;
    } = { heldChanged: false };
    let loaded: ChatSession | undefined;
    let opened: OpenConversationRow | undefined;
    let reachableAgain = false;
    /**
     * Writes what `answered` says: the conversation's step with its replies in one statement
     * when it comes as a `write`, else the replies queued. STALE when that write found the
     * conversation moved on since the read it relied on (nothing was written then).
     */
    const settle = async (
      tx: Prisma.TransactionClient,
      answered: Answered,
    ): Promise<DirectAnswer | typeof STALE> => {
      const { replies, delivery, held, write, at = incoming.receivedAt } = answered;
      written = { heldChanged: false };
      const direct = answered.direct && { ...answered.direct, locale: answered.locale };
      const queue = queueOf(answered);
      const claim = queue && deps.handoff?.takeClaim(incoming.platform);
      if (write) {
        const stepped = await writeConversationStep(tx, write, queue, claim);
        if (!stepped) {
          if (write.mayBeStale) return STALE;
          throw new Error(`conversation ${write.conversationId} changed concurrently`);
        }
        if (claim) written.handover = { claim, rows: stepped.handed };
        written.step = write;
      }
      if (held && delivery === "replaceHeld") await dropHeldReplies(tx, held);
      if (held && delivery === "releaseHeld") await releaseHeldReplies(tx, held, at);
      if (held && (delivery === "replaceHeld" || delivery === "releaseHeld"))
        written.heldChanged = true;
      if (!queue) {
        return replies.length > 0
          ? { kind: "replies", replies, locale: answered.locale }
          : { kind: "none", locale: answered.locale };
      }
      if (!write) {
        const { handed } = await enqueueRepliesClaimed(tx, queue, claim);
        if (claim) written.handover = { claim, rows: handed };
      }
      return direct ?? { kind: "none", locale: answered.locale };
    };
    /**
     * Queues what `answer` says. `answer` records the update as handled first, and comes back
     * undefined when it had been handled already; `again` answers anew from fresh reads.
     */
    const handleOnce = (
      answer: (
        tx: Prisma.TransactionClient,
      ) => Promise<(Answered & { again?: () => Promise<Answered> }) | undefined>,
    ): Promise<DirectAnswer> =>
      deps.prisma.$transaction(
        async (tx): Promise<DirectAnswer> => {
          const answered = await answer(tx);
          if (!answered) return NO_DIRECT_ANSWER;
          const settled = await settle(tx, answered);
          if (settled !== STALE) return settled;
          if (!answered.again) throw new Error("a stale step with no way to answer again");
          const fresh = await settle(tx, await answered.again());
          if (fresh === STALE) throw new Error("a step from fresh reads came back stale");
          return fresh;
        },
        { timeout: 60_000, maxWait: 60_000 },
      );
    let direct: DirectAnswer;
    try {
      direct = await handleOnce(async (tx) => {
        const at = now();
        const session = await recordAndLoadChatSession(tx, incoming, at);
        if (!session) return undefined;
        loaded = session;
        reachableAgain = session.reachableAgain === true;
        const answerFrom = async (from: ChatSession): Promise<Answered> => ({
          ...(await routeIncoming(
            tx,
            {
              ...from,
              onConversationOpened: (row) => {
                opened = row;
              },
            },
            deps.links,
          )),
          at,
          locale: from.locale,
        });
        // Again without the conversation read with the lock: it was found stale.
        return {
          ...(await answerFrom(session)),
          again: () => answerFrom({ ...session, openConversation: undefined }),
        };
      });
    } catch (error: unknown) {
      const appError = toAppError(error);
      deps.logger.error(
        {
          err: error,
          platform: incoming.platform,
          updateKey: incoming.updateKey,
          code: appError.code,
        },
        "incoming update failed",
      );
      const locale = normaliseLocale(incoming.user.languageCode) ?? DEFAULT_LOCALE;
      written = { heldChanged: false }; // rolled back
      loaded = undefined;
      opened = undefined;
      reachableAgain = false;
      direct = await handleOnce(async (tx) => {
        const fresh = await tx.inboundUpdate.createMany({ data: [key], skipDuplicates: true });
        if (fresh.count === 0) return undefined;
        return {
          replies: [textReply(t(locale, appError.promptKey, appError.params))],
          delivery: "now",
          locale,
        };
      });
    }
    const { handover, heldChanged, step } = written;
    if (loaded && step) memory.remember(loaded, step);
    else if (loaded && opened) memory.rememberOpened(loaded, opened);
    if (handover) deps.handoff?.adopt(incoming.platform, handover.claim, handover.rows);
    // Rows for the sender to claim: not queued under the claim, released, or let through.
    if (!deps.handoff || heldChanged || reachableAgain || outboxRowsQueued() !== queuedBefore) {
      deps.onQueued?.();
    }
    return direct;
  };
}
