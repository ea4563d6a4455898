import type { Reply } from "../core/reply.js";

/**
 * The port through which the outbox reaches a chat platform. Each adapter implements it
 * (TelegramGateway, SlackGateway) and wraps every SDK failure in a `DeliveryError`.
 */
export interface ChatGateway {
  readonly platform: "telegram" | "slack" | "web";
  /** Sends one reply to a chat; resolves with the platform's message id. */
  send(recipient: string, reply: Reply): Promise<{ messageId?: string }>;
}

/** A failed delivery, saying whether to try again and when. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
  }
  get retryable(): boolean {
    return this.options.retryable;
  }
}
