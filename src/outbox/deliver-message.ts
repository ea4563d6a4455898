import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { type ChatGateway, DeliveryError } from "./chat-gateway.js";
import type { ClaimedMessage } from "./claim-due-messages.js";
import { type DeliveryLimiter, LimiterStopped } from "./delivery-limiter.js";
import { type DeliveryRecord, type RecordedState, recordDelivery } from "./record-delivery.js";
import { type RetryPolicy, retryDelayMs } from "./retry-policy.js";
import type { SentRecorder } from "./sent-recorder.js";

/** The claim a message was taken under, as its sender sees it. */
export interface ClaimLease {
  readonly token: string;
  /** Whether enough of the lease is left to start sending a part. */
  canSend(): boolean;
  /** The database's clock now, as far as this process can tell. */
  databaseNow(): Date;
}

/** Fenced writes are tried again a little when the database hiccups: a lost "sent" repeats. */
const WRITE_RETRIES_MS = [200, 1000, 3000];

/**
 * Sends one claimed message: its parts from the first not yet sent, each when the limiter
 * allows, the progress written after every part (fenced by the claim), then the outcome.
 * A part is only started while `signal` is not aborted and the lease has room; otherwise the
 * row is released untried. A message whose `expiresAt` passed before its first part is
 * marked expired instead. Resolves with the row's new state, or null when the claim had
 * gone stale (another sender has the row now: this one stops).
 */
export async function deliverMessage(options: {
  prisma: PrismaClient;
  gateway: ChatGateway;
  limiter: DeliveryLimiter;
  logger: Logger;
  message: ClaimedMessage;
  lease: ClaimLease;
  retry: RetryPolicy;
  signal: AbortSignal;
  /** Writes "sent" together with other messages' (see `createSentRecorder`). */
  sentRecorder?: SentRecorder;
  /** The bot's clock, when it is not the database's. */
  now?: () => Date;
}): Promise<RecordedState | null> {
  const { gateway, message, lease, now } = options;
  const record = (outcome: DeliveryRecord) =>
    writeWithRetries(() =>
      recordDelivery(options.prisma, {
        platform: gateway.platform,
        message,
        token: lease.token,
        ...(now ? { now: now() } : {}),
        record: outcome,
      }),
    );
  const ids = [...message.platformMessageIds];
  let sent = message.partsSent;
  const fail = async (error: DeliveryError) => {
    const retryInMs = retryDelayMs(message.attempts, {
      retryAfterMs: error.retryAfterMs,
      policy: options.retry,
    });
    const state = await record({
      kind: "failed",
      error,
      retryInMs,
      horizonMs: options.retry.horizonMs,
      partsSent: sent,
      messageIds: ids,
    });
    options.logger.warn(
      {
        outboxId: message.id,
        platform: gateway.platform,
        attempts: message.attempts,
        kind: error.kind,
        state,
        ...(state === "pending" ? { retryInMs } : {}),
        error: error.message,
      },
      "delivery failed",
    );
    return state;
  };

  let parts: unknown[];
  try {
    parts = gateway.renderParts(message.payload);
  } catch (error: unknown) {
    const permanent =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(`cannot render: ${String(error)}`, { kind: "permanent", cause: error });
    return fail(permanent);
  }
  const botNow = now ? now() : lease.databaseNow();
  if (sent === 0 && message.expiresAt && message.expiresAt <= botNow) {
    return record({ kind: "expired" });
  }
  while (sent < parts.length) {
    const part = parts[sent];
    let messageId: string;
    try {
      ({ messageId } = await options.limiter.schedule(message.recipient, async () => {
        // Checked when the limiter gives the turn: waiting may have taken the lease's room.
        if (options.signal.aborted || !lease.canSend()) throw new LimiterStopped();
        return gateway.sendPart(message.recipient, part);
      }));
    } catch (error: unknown) {
      if (error instanceof LimiterStopped) {
        return record({ kind: "released", partsSent: sent, messageIds: ids });
      }
      return fail(DeliveryError.from(error));
    }
    ids.push(messageId);
    sent += 1;
    if (sent < parts.length) {
      const state = await record({ kind: "progress", partsSent: sent, messageIds: ids });
      if (state === null) return null;
    }
  }
  const recorder = options.sentRecorder;
  if (!recorder) return record({ kind: "sent", partsSent: sent, messageIds: ids });
  const applied = await writeWithRetries(() =>
    recorder.record({ id: message.id, token: lease.token, partsSent: sent, messageIds: ids }),
  );
  return applied ? "sent" : null;
}

async function writeWithRetries<T>(write: () => Promise<T>): Promise<T> {
  for (const waitMs of WRITE_RETRIES_MS) {
    try {
      return await write();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
  return write();
}
