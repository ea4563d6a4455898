import { Prisma } from "../generated/prisma/client.js";
import { takeInserted } from "../outbox/enqueue-replies.js";
import type {
  HandedRow,
  InsertClaim,
  InsertedOutboxRow,
  RepliesToQueue,
} from "../outbox/insert-outbox-rows.js";
import { insertOutboxRowsSql } from "../outbox/insert-outbox-rows.js";
import type {
  ReportConversationState,
  TaskAnswers,
} from "../reporting/report-conversation-state.js";
import { type ReportTarget, saveAnswersSql } from "../reports/save-report.js";

type Tx = Prisma.TransactionClient;

/**
 * A conversation's step that only moves its state on and saves the draft it changed: written
 * with the step's replies in one statement by `writeConversationStep`.
 */
export interface ConversationStepWrite {
  conversationId: string;
  /** The version the step was worked out from: the write happens only if it is still the
   * row's, and the conversation still open. */
  version: number;
  nextVersion: number;
  state: ReportConversationState;
  /** The draft the step changed. */
  draft?: ReportTarget & { answers: TaskAnswers };
  /** The row came from the statement that took the member's lock, whose snapshot may predate
   * the lock (see `ChatSession.openConversation`): a failed guard means "read it again". */
  mayBeStale: boolean;
}

/**
 * Writes a conversation's step in one statement: its state, guarded by its version (see
 * `continueReport`), the draft, and the replies into the outbox, the latter two only if the
 * guard held; a submitted report keeps the answers as its pending correction instead of a
 * draft. Returns false when the guard did not hold: nothing was written; else the replies
 * written under `claim` for the sender to take (see `insertOutboxRowsSql`).
 */
export async function writeConversationStep(
  tx: Tx,
  write: ConversationStepWrite,
  replies: RepliesToQueue | undefined,
  claim?: InsertClaim,
): Promise<{ handed: HandedRow[] } | false> {
  const updatedAt = new Date();
  const [result] = await tx.$queryRaw<StepRow[]>(
    conversationStepSql({ write, replies, claim, updatedAt }),
  );
  if (!result || result.stepped === 0) return false;
  return { handed: replies ? takeInserted(replies, result.queued ?? [], updatedAt) : [] };
}

/** What `conversationStepSql` returns: how many rows each part wrote, and the replies'. */
export interface StepRow {
  /** Rows the `guard` found (1 without a guard). */
  guarded: number;
  /** Whether the `recorded` part recorded the update (1 without one). */
  recorded: number;
  stepped: number;
  queued: InsertedOutboxRow[] | null;
}

/**
 * The statement of `writeConversationStep`. Given `guard` and `recorded` (SQL of two leading
 * parts, `guard` a SELECT and `recorded` an INSERT … RETURNING, see `quickStepSql`), the step
 * is written only when the update was recorded by it.
 */
export function conversationStepSql(options: {
  write: ConversationStepWrite;
  replies: RepliesToQueue | undefined;
  claim: InsertClaim | undefined;
  updatedAt: Date;
  guard?: { guard: Prisma.Sql; recorded: Prisma.Sql };
}): Prisma.Sql {
  const { write, replies, claim, updatedAt, guard } = options;
  const stepped = Prisma.sql`EXISTS (SELECT 1 FROM stepped)`;
  const saved = write.draft
    ? saveAnswersSql({ ...write.draft, updatedAt, when: stepped })
    : Prisma.sql`drafted AS (SELECT NULL::uuid AS "id" WHERE false)`;
  const queued =
    replies && replies.replies.length > 0
      ? insertOutboxRowsSql(replies, { createdAt: updatedAt, when: stepped, claim })
      : Prisma.sql`SELECT NULL::text AS "id", NULL::text AS "idempotencyKey", false AS "claimed" WHERE false`;
  const leading = guard
    ? Prisma.sql`guard AS (${guard.guard}), recorded AS (${guard.recorded}),`
    : Prisma.sql`guard AS (SELECT 1), recorded AS (SELECT 1),`;
  return Prisma.sql`
    WITH ${leading} stepped AS (
      UPDATE "Conversation"
         SET "step" = ${write.state.step}, "answers" = ${JSON.stringify(write.state)}::jsonb,
             "version" = ${write.nextVersion}, "updatedAt" = ${updatedAt}::timestamp(3)
       WHERE "id" = ${write.conversationId}::uuid AND "version" = ${write.version}
         AND "closedAt" IS NULL AND EXISTS (SELECT 1 FROM recorded)
      RETURNING "id"
    ), ${saved}, queued AS (${queued})
    SELECT (SELECT count(*) FROM guard)::int AS "guarded",
           (SELECT count(*) FROM recorded)::int AS "recorded",
           (SELECT count(*) FROM stepped)::int AS "stepped",
           (SELECT json_agg(queued) FROM queued) AS "queued"`;
}
