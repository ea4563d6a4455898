import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { type ChatGateway, DeliveryError } from "./chat-gateway.js";
import { type ClaimedMessage, claimDueMessages } from "./claim-due-messages.js";

export interface OutboxDispatcher {
  /** Sends what is due now (soon after a change queued replies). */
  nudge(): void;
  /** Sends until nothing is due; resolves when done (tests and shutdown). */
  drain(): Promise<void>;
  /** Stops the periodic sweep and waits for the batch in flight. */
  stop(): Promise<void>;
}

const MAX_ATTEMPTS = 8;

/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/**
 * Delivers outbox rows through the platform gateways: one batch at a time, a chat's
 * messages in order, a failed chat's later messages held back so order is kept. Retryable
 * failures back off (or wait `retry_after`); after 8 attempts, or a permanent failure, the
 * row is marked failed with its error. A sweep every `sweepMs` picks up what a crash left.
 */
export function createOutboxDispatcher(options: {
  prisma: PrismaClient;
  gateways: ChatGateway[];
  logger: Logger;
  sweepMs?: number;
  now?: () => Date;
}): OutboxDispatcher {
  const { prisma, logger } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const runOnce = async (): Promise<number> => {
    let sent = 0;
    for (const gateway of options.gateways) {
      const claimed = await claimDueMessages(prisma, {
        platform: gateway.platform,
        now: now(),
        lockMs: 60_000,
        limit: 50,
      });
      sent += await deliverBatch(gateway, claimed);
    }
    return sent;
  };

  const deliverBatch = async (gateway: ChatGateway, claimed: ClaimedMessage[]) => {
    const heldBack = new Map<string, Date>();
    for (const message of claimed) {
      const hold = heldBack.get(message.recipient);
      if (hold) {
        await prisma.outboxMessage.update({
          where: { id: message.id },
          data: { state: "pending", nextAttemptAt: hold, attempts: { decrement: 1 } },
        });
        continue;
      }
      try {
        await gateway.send(message.recipient, message.payload);
        await prisma.outboxMessage.update({
          where: { id: message.id },
          data: { state: "sent", sentAt: now(), lockedUntil: null, lastError: null },
        });
      } catch (error: unknown) {
        const delivery =
          error instanceof DeliveryError
            ? error
            : new DeliveryError(String(error), { retryable: true, cause: error });
        const retry = delivery.retryable && message.attempts < MAX_ATTEMPTS;
        const nextAttemptAt = new Date(
          now().getTime() + (delivery.options.retryAfterMs ?? retryDelayMs(message.attempts)),
        );
        await prisma.outboxMessage.update({
          where: { id: message.id },
          data: {
            state: retry ? "pending" : "failed",
            nextAttemptAt,
            lockedUntil: null,
            lastError: delivery.message.slice(0, 1000),
          },
        });
        logger.warn(
          { outboxId: message.id, attempts: message.attempts, retry, platform: gateway.platform },
          "delivery failed",
        );
        heldBack.set(message.recipient, nextAttemptAt);
      }
    }
    return claimed.length;
  };

  const loop = async () => {
    do {
      again = false;
      try {
        while ((await runOnce()) > 0 && !stopped) {}
      } catch (error: unknown) {
        logger.error({ err: error }, "outbox dispatch failed");
      }
    } while (again && !stopped);
  };

  const nudge = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = undefined;
    });
  };

  const timer = setInterval(nudge, options.sweepMs ?? 1000);
  timer.unref();

  return {
    nudge,
    async drain() {
      nudge();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
