import type { Reply } from "../core/reply.js";

/** The platforms the outbox delivers to. */
export type OutboxPlatform = "telegram" | "slack" | "web";

/** How often one chat may be sent to: `burst` messages back to back, then one per interval. */
export interface ChatRate {
  intervalMs: number;
  burst: number;
}

/**
 * A platform's sending limits, as its gateway declares them. The dispatcher enforces them
 * (through bottleneck) for every message it sends on that platform.
 */
export interface DeliveryLimits {
  /** Messages a second across all chats (Telegram: 30); undefined for no global limit. */
  perSecond?: number;
  /** The limit of one chat (Telegram: about one a second in private, 20 a minute in groups). */
  chatRate(recipient: string): ChatRate;
  /**
   * Whether a rate limit's Retry-After holds every send of the platform, not only the
   * message refused: Slack limits a method for the whole workspace, so what is sent during
   * the wait is refused too. Telegram limits a chat, and its other chats go on.
   */
  retryAfterHoldsAll?: boolean;
}

/**
 * The port through which the outbox reaches a chat platform. Each adapter implements it
 * (TelegramGateway, SlackGateway) and wraps every SDK failure in a `DeliveryError`.
 *
 * A reply becomes one or more platform messages (`renderParts`); the dispatcher sends them one
 * at a time (`sendPart`) and records in the database how many went out, so after a crash it
 * resumes after the last part sent. `renderParts` must therefore be deterministic: the same
 * reply always gives the same parts.
 *
 * @typeParam TPart what one platform message is to this gateway (opaque to the outbox).
 */
export interface ChatGateway<TPart = unknown> {
  readonly platform: OutboxPlatform;
  readonly limits: DeliveryLimits;
  /** The messages that deliver `reply`, in order; throws a permanent `DeliveryError` for a
   * reply the platform would refuse however often it were sent. */
  renderParts(reply: Reply): TPart[];
  /** Sends one part to a chat; resolves with the platform's id of the message it made. */
  sendPart(recipient: string, part: TPart): Promise<{ messageId: string }>;
  /**
   * Replaces the text of a message sent earlier with `part` (an edit reply's part). An edit
   * that changes nothing must resolve, not fail. Absent: the platform cannot edit, and edits
   * are sent as new messages.
   */
  editPart?(recipient: string, messageId: string, part: TPart): Promise<void>;
}

/**
 * What a failure means for the message: `retryable` (try again later, after `retryAfterMs`
 * when the platform said so), `permanent` (the platform refuses this message: give up), or
 * `unreachable` (the person blocked the bot or never started it: nothing can reach them).
 */
export type DeliveryErrorKind = "retryable" | "permanent" | "unreachable";

export interface DeliveryErrorOptions {
  kind: DeliveryErrorKind;
  retryAfterMs?: number;
  /** The platform's rate limit refused the call (its Retry-After is `retryAfterMs`). */
  rateLimited?: boolean;
  cause?: unknown;
}

/** A failed delivery, saying whether to try again and when. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: DeliveryErrorOptions,
  ) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
  }

  /** What the failure means for the message. */
  get kind(): DeliveryErrorKind {
    return this.options.kind;
  }

  /** Whether to try again later. */
  get retryable(): boolean {
    return this.options.kind === "retryable";
  }

  /** How long the platform asked to wait (429 `retry_after`), when it did. */
  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  /** Whether the platform refused the call for its rate limit (HTTP 429). */
  get rateLimited(): boolean {
    return this.options.rateLimited === true;
  }

  /** Any failure as a DeliveryError: an unknown one is retryable (it may well pass). */
  static from(error: unknown): DeliveryError {
    if (error instanceof DeliveryError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new DeliveryError(message, { kind: "retryable", cause: error });
  }
}
