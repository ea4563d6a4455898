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
/** Chats served side by side; Telegram allows about 30 messages a second across chats. */
const CHAT_CONCURRENCY = 8;

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

  /** Chats are independent: up to `CHAT_CONCURRENCY` are served at once, each in order. */
  const deliverBatch = async (gateway: ChatGateway, claimed: ClaimedMessage[]) => {
    const byChat = new Map<string, ClaimedMessage[]>();
    for (const message of claimed) {
      const chat = byChat.get(message.recipient);
      if (chat) chat.push(message);
      else byChat.set(message.recipient, [message]);
    }
    const queue = [...byChat.values()];
    const worker = async () => {
      for (let chat = queue.shift(); chat; chat = queue.shift()) await deliverChat(gateway, chat);
    };
    await Promise.all(Array.from({ length: Math.min(CHAT_CONCURRENCY, queue.length) }, worker));
    return claimed.length;
  };

  /**
   * Sends one chat's messages in order and marks them sent in one statement. On a failure the
   * ones before it are marked sent, it is rescheduled (or failed), and the ones after it are
   * held back until then, so the chat never sees them out of order.
   */
  const deliverChat = async (gateway: ChatGateway, messages: ClaimedMessage[]) => {
    const sent: string[] = [];
    const markSent = async () => {
      if (sent.length === 0) return;
      await prisma.outboxMessage.updateMany({
        where: { id: { in: sent } },
        data: { state: "sent", sentAt: now(), lockedUntil: null, lastError: null },
      });
    };
    for (const [index, message] of messages.entries()) {
      try {
        await gateway.send(message.recipient, message.payload);
        sent.push(message.id);
      } catch (error: unknown) {
        await markSent();
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
        const later = messages.slice(index + 1).map((rest) => rest.id);
        if (later.length > 0) {
          await prisma.outboxMessage.updateMany({
            where: { id: { in: later } },
            data: {
              state: "pending",
              nextAttemptAt,
              lockedUntil: null,
              attempts: { decrement: 1 },
            },
          });
        }
        return;
      }
    }
    await markSent();
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
