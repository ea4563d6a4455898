import type { PrismaClient } from "../generated/prisma/client.js";
import { botNowSql } from "./outbox-sql.js";

/** Marks rows sent, fenced by their claims, a batch per statement. */
export interface SentRecorder {
  /** Resolves once written: true, or false when the claim had gone stale. `awaited`: a later
   * row of the chat waits for this mark (its head moves on only then): written at once. */
  record(sent: {
    id: string;
    token: string;
    partsSent: number;
    messageIds: string[];
    awaited?: boolean;
  }): Promise<boolean>;
  /** Writes what is waiting now. */
  flush(): Promise<void>;
}

interface Waiting {
  id: string;
  token: string;
  partsSent: number;
  messageIds: string[];
  settle: (applied: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * The most frequent write of a busy dispatcher is "this row was sent": one statement for
 * each would cost the embedded database (which runs on the event loop) most of its time at
 * hundreds a second. Sent rows are therefore written together, up to `maxBatch` at once and
 * at most `maxWaitMs` after the first waits, each still fenced by its own claim token. A crash
 * in that window leaves those rows to be sent again, like any send whose outcome was not yet
 * written. Given `outstanding` (how many deliveries are under way, those waiting here
 * included), a batch is written at once when every one of them waits here: nothing else could
 * join it, and a chat's next row is claimed only once its previous one is marked sent. For
 * that reason too a row marked `awaited` (a reply queued behind it) is written at once, with
 * whatever waits with it: a conversation's next reply does not wait out the batch's window.
 */
export function createSentRecorder(options: {
  prisma: PrismaClient;
  now?: () => Date;
  maxBatch?: number;
  maxWaitMs?: number;
  outstanding?: () => number;
}): SentRecorder {
  const maxBatch = options.maxBatch ?? 100;
  const maxWaitMs = options.maxWaitMs ?? 20;
  let waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    const rows = JSON.stringify(
      batch.map(({ id, token, partsSent, messageIds }) => ({ id, token, partsSent, messageIds })),
    );
    const bot = botNowSql(options.now?.());
    try {
      const applied = await options.prisma.$queryRaw<{ id: string }[]>`
        UPDATE "OutboxMessage" m
           SET "state" = 'sent', "sentAt" = ${bot}, "lockedUntil" = NULL, "lastError" = NULL,
               "partsSent" = v."partsSent", "platformMessageIds" = v."messageIds"
          FROM jsonb_to_recordset(${rows}::jsonb)
               AS v("id" uuid, "token" text, "partsSent" integer, "messageIds" jsonb)
         WHERE m."id" = v."id" AND m."claimToken" = v."token" AND m."state" = 'sending'
        RETURNING m."id"::text AS "id"`;
      const done = new Set(applied.map((row) => row.id));
      for (const entry of batch) entry.settle(done.has(entry.id));
    } catch (error: unknown) {
      for (const entry of batch) entry.fail(error);
    }
  };

  return {
    record(sent) {
      return new Promise<boolean>((settle, fail) => {
        const { awaited, ...row } = sent;
        waiting.push({ ...row, settle, fail });
        if (
          awaited ||
          waiting.length >= maxBatch ||
          waiting.length >= (options.outstanding?.() ?? Infinity)
        )
          void flush();
        else if (!timer) timer = setTimeout(() => void flush(), maxWaitMs);
      });
    },
    flush,
  };
}
