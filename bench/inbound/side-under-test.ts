import type { Update } from "grammy/types";
import { type Logger, pino } from "pino";
import type { FakeBotApi } from "./fake-bot-api.js";

/** One side of the comparison, ready to take updates. */
export interface SideUnderTest {
  /** `bot.handleUpdate` of its grammY bot. */
  handleUpdate(update: Update): Promise<void>;
  api: FakeBotApi;
  /** What its bot and logger reported as errors, newest last. */
  botErrors(): string[];
  /** After the run: waits for background work, then counts what it stored. */
  settle(): Promise<Persisted>;
  close(): Promise<void>;
}

/** What a run left in the database, so both sides can be seen to persist the same. */
export interface Persisted {
  reports: number;
  metricValues: number;
  /** Replies not delivered yet (duban's outbox; always 0 for the baseline). */
  undelivered: number;
  /** Largest conversation state stored for one chat, in bytes of JSON. */
  largestStateBytes: number;
}

/**
 * A pino logger at `warn` (or `LOG_LEVEL`) that also keeps the message and error of every
 * error-level line, so a failed conversation can say why.
 */
export function benchLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = pino({
    level: process.env.LOG_LEVEL ?? "warn",
    hooks: {
      logMethod(args, method, level) {
        if (level >= 50) errors.push(describeLogLine(args));
        method.apply(this, args);
      },
    },
  });
  return { logger, errors };
}

function describeLogLine(args: unknown[]): string {
  const [first, second] = args;
  const message = typeof first === "string" ? first : typeof second === "string" ? second : "";
  if (typeof first !== "object" || first === null) return message;
  const fields = first as Record<string, unknown>;
  const err = fields.err;
  const detail =
    err instanceof Error
      ? err.message
      : typeof err === "object" && err !== null && "message" in err
        ? String((err as { message: unknown }).message)
        : "";
  return [message, detail].filter(Boolean).join(": ");
}
